package io.pyrope.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong-hit classification, and the statistics built on it, on a hand-checked stream. */
class WorkloadHitJudgeTest {
  @TempDir
  Path dir;

  @Test
  void verdictsOnHandPickedPairs() throws IOException {
    QqpPairs p = WorkloadStreamTest.pairs(dir);
    Map<String, Integer> id = WorkloadStreamTest.ids(p);
    HitJudge j = new HitJudge(p);
    assertEquals(HitJudge.Verdict.SAME_TEXT, j.judge(id.get("A"), id.get("A")));
    assertEquals(HitJudge.Verdict.SAME_CLUSTER, j.judge(id.get("C"), id.get("A")), "A≡B≡C");
    assertEquals(HitJudge.Verdict.WRONG, j.judge(id.get("D"), id.get("A")));
    assertTrue(j.labelledDifferent(id.get("D"), id.get("A")), "(A, D) is labelled 0");
    assertEquals(HitJudge.Verdict.WRONG, j.judge(id.get("E"), id.get("A")));
    assertFalse(j.labelledDifferent(id.get("E"), id.get("A")), "(A, E) was never labelled");
    assertEquals(HitJudge.Verdict.UNKNOWN, j.judge(id.get("A"), -1));
  }

  static Outcome miss(int item, String key, long cost, long[] ids) {
    return new Outcome(item, item * 1_000_000L, 500_000, "none", "admitted", key, 900, cost, ids, ids, -1);
  }

  static Outcome hit(int item, String layer, String key, long cost, long[] served, long[] exact, int from) {
    return new Outcome(item, item * 1_000_000L, 50_000, layer, "served", key, 900, cost, served, exact, from);
  }

  @Test
  void statisticsOfAHandCheckedStream() throws IOException {
    QqpPairs p = WorkloadStreamTest.pairs(dir);
    Map<String, Integer> id = WorkloadStreamTest.ids(p);
    int abc = p.clusterOf(id.get("A"));
    int de = p.clusterOf(id.get("D"));
    StreamGenerator.Kind first = StreamGenerator.Kind.FIRST;
    List<StreamGenerator.Item> items = List.of(
        new StreamGenerator.Item(first, id.get("A"), abc, -1),                               // 0 miss, stores l1:a
        new StreamGenerator.Item(StreamGenerator.Kind.REPEAT, id.get("A"), abc, -1),         // 1 hit l1:a, same text
        new StreamGenerator.Item(StreamGenerator.Kind.NEAR_DUP, id.get("B"), abc, -1),       // 2 hit l1:a, same cluster
        new StreamGenerator.Item(StreamGenerator.Kind.WRITE, -1, -1, 0),                     // 3 write
        new StreamGenerator.Item(first, id.get("D"), de, -1),                                // 4 hit l1:a: wrong, labelled 0
        new StreamGenerator.Item(StreamGenerator.Kind.NEAR_DUP, id.get("E"), de, -1));       // 5 hit l1:zz unknown source
    long[] r1 = {1, 2, 3, 4};
    long[] r2 = {1, 2, 9, 8};
    Outcome[] o = {
        miss(0, "l1:a", 100, r1),
        hit(1, "l1", "l1:a", 100, r1, r1, 0),
        hit(2, "l1", "l1:a", 100, r1, r2, 0),       // recall 2/4
        null,
        hit(4, "l1", "l1:a", 100, r1, new long[] {5, 6, 7, 8}, 0), // recall 0
        hit(5, "l0", "l0:b", 60, r2, r2, -1)};
    WorkloadStats s = new WorkloadStats(items, o, new HitJudge(p));
    assertEquals(5, s.searches());
    assertEquals(4, s.hits());
    assertEquals(1, s.l0Hits());
    assertEquals(3, s.l1Hits());
    assertEquals(1, s.wrongHits());
    assertEquals(1.0 / 3, s.wrongShare(), 1e-12, "one wrong among the three hits of known source");
    assertEquals((1 + 1 + 0.5 + 0 + 1) / 5, s.recallAll(), 1e-12);
    assertEquals((1 + 0.5 + 0 + 1) / 4, s.recallHits(), 1e-12);
    var json = s.toJson();
    assertEquals(460, json.getLong("proxy_cost_all"));
    assertEquals(360, json.getLong("proxy_cost_saved"));
    assertEquals(1, json.getLong("writes"));
    assertEquals(1, json.getLong("wrong_hits_labelled_0"));
    assertEquals(1, json.getJsonObject("hit_verdicts").getLong("unknown"));
    assertEquals(1, json.getJsonObject("hit_verdicts").getLong("same_cluster"));
    assertEquals(1, json.getJsonObject("by_kind").getJsonObject("first").getLong("wrong_hits"));
  }
}
