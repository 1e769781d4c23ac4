package io.pyrope.bench.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bench.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pairs file as clusters, and the stream generator on a tiny hand-made pairs file. */
class WorkloadStreamTest {
  /**
   * Clusters: {A,B,C} (A≡B, B≡C chain), {D,E}, {X,Y,Z,W} (X≡Y, Z≡W, Y≡Z), singles F, G, H, I, J.
   * Labelled 0: (A,D), (F,G), (H,I), (J,A).
   */
  static final String PAIRS = """
      {"text_a": "A", "text_b": "B", "label": 1}
      {"text_a": "B", "text_b": "C", "label": 1}
      {"text_a": "D", "text_b": "E", "label": 1}
      {"text_a": "A", "text_b": "D", "label": 0}
      {"text_a": "F", "text_b": "G", "label": 0}
      {"text_a": "X", "text_b": "Y", "label": 1}
      {"text_a": "Z", "text_b": "W", "label": 1}
      {"text_a": "H", "text_b": "I", "label": 0}

      {"text_a": "Y", "text_b": "Z", "label": 1}
      {"text_a": "J", "text_b": "A", "label": 0}
      """;

  @TempDir
  Path dir;

  static QqpPairs pairs(Path dir) throws IOException {
    return QqpPairs.read(Files.writeString(dir.resolve("pairs.jsonl"), PAIRS));
  }

  static Map<String, Integer> ids(QqpPairs p) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < p.textCount(); i++) {
      m.put(p.text(i), i);
    }
    return m;
  }

  @Test
  void duplicatePairsChainIntoClusters() throws IOException {
    QqpPairs p = pairs(dir);
    Map<String, Integer> id = ids(p);
    assertEquals(14, p.textCount());
    int abc = p.clusterOf(id.get("A"));
    assertEquals(abc, p.clusterOf(id.get("C")), "A≡B and B≡C put A and C together");
    assertEquals(p.clusterOf(id.get("X")), p.clusterOf(id.get("W")), "X≡Y, Y≡Z, Z≡W");
    assertNotEquals(abc, p.clusterOf(id.get("D")), "a label-0 pair never joins");
    assertEquals(3 + 5 /* F G H I J */, p.clusters().size());
    assertArrayEquals(new int[] {id.get("A"), id.get("B"), id.get("C")}, p.clusters().get(abc));
    assertTrue(p.labelledDifferent(id.get("D"), id.get("A")), "either order");
    assertTrue(p.labelledDifferent(id.get("A"), id.get("J")));
    assertFalse(p.labelledDifferent(id.get("A"), id.get("E")), "different clusters but never labelled");
  }

  @Test
  void badLinesNameTheFileAndLine() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.jsonl"), "{\"text_a\":\"a\",\"text_b\":\"b\",\"label\":1}\n"
        + "{\"text_a\":\"a\",\"text_b\":\"b\",\"label\":2}\n");
    BenchException e = assertThrows(BenchException.class, () -> QqpPairs.read(f));
    assertTrue(e.getMessage().contains(f + ":2: \"label\" must be 0 or 1, got 2"), e.getMessage());
    Path g = Files.writeString(dir.resolve("bad2.jsonl"), "not json\n");
    assertTrue(assertThrows(BenchException.class, () -> QqpPairs.read(g)).getMessage().contains(g + ":1: not a JSON"));
    Path h = Files.writeString(dir.resolve("bad3.jsonl"), "{\"text_a\":\"\",\"text_b\":\"b\",\"label\":0}\n");
    assertTrue(assertThrows(BenchException.class, () -> QqpPairs.read(h)).getMessage()
        .contains("\"text_a\" must be a non-empty string"));
    assertThrows(BenchException.class, () -> QqpPairs.read(dir.resolve("missing.jsonl")));
  }

  static StreamGenerator.Settings settings(int queries, long seed, double nearDup, int burst, int at, double writes) {
    return new StreamGenerator.Settings(queries, 1.1, seed, nearDup, burst, at, writes);
  }

  @Test
  void sameSeedSameStreamOtherSeedOtherStream() throws IOException {
    QqpPairs p = pairs(dir);
    List<StreamGenerator.Item> a = StreamGenerator.generate(p, settings(200, 42, 0.3, 0, 0, 0), t -> true);
    List<StreamGenerator.Item> b = StreamGenerator.generate(p, settings(200, 42, 0.3, 0, 0, 0), t -> true);
    List<StreamGenerator.Item> c = StreamGenerator.generate(p, settings(200, 7, 0.3, 0, 0, 0), t -> true);
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertEquals(200, a.size());
    // only multi-question clusters are asked by the Zipf part
    Set<Integer> singles = new HashSet<>();
    for (int c2 = 0; c2 < p.clusters().size(); c2++) {
      if (p.clusters().get(c2).length == 1) {
        singles.add(c2);
      }
    }
    assertTrue(a.stream().noneMatch(it -> singles.contains(it.cluster())));
  }

  @Test
  void kindsFollowWhatCameBefore() throws IOException {
    QqpPairs p = pairs(dir);
    List<StreamGenerator.Item> s = StreamGenerator.generate(p, settings(300, 3, 0.5, 0, 0, 0), t -> true);
    Set<Integer> texts = new HashSet<>();
    Set<Integer> clusters = new HashSet<>();
    Map<StreamGenerator.Kind, Integer> count = new HashMap<>();
    for (StreamGenerator.Item it : s) {
      StreamGenerator.Kind expected = texts.contains(it.textId()) ? StreamGenerator.Kind.REPEAT
          : clusters.contains(it.cluster()) ? StreamGenerator.Kind.NEAR_DUP : StreamGenerator.Kind.FIRST;
      assertEquals(expected, it.kind());
      assertEquals(p.clusterOf(it.textId()), it.cluster());
      texts.add(it.textId());
      clusters.add(it.cluster());
      count.merge(it.kind(), 1, Integer::sum);
    }
    assertEquals(3, count.get(StreamGenerator.Kind.FIRST), "three multi-question clusters");
    assertTrue(count.get(StreamGenerator.Kind.NEAR_DUP) > 0);
  }

  @Test
  void withoutNearDuplicatesEachClusterAlwaysAsksItsHead() throws IOException {
    QqpPairs p = pairs(dir);
    List<StreamGenerator.Item> s = StreamGenerator.generate(p, settings(300, 5, 0.0, 0, 0, 0), t -> true);
    Map<Integer, Integer> textOfCluster = new HashMap<>();
    for (StreamGenerator.Item it : s) {
      assertEquals(it.textId(), textOfCluster.computeIfAbsent(it.cluster(), c -> it.textId()));
      assertNotEquals(StreamGenerator.Kind.NEAR_DUP, it.kind());
    }
    // with rate 1 a cluster never asks its head twice in a row only by chance; every pick differs from the head
    List<StreamGenerator.Item> all = StreamGenerator.generate(p, settings(300, 5, 1.0, 0, 0, 0), t -> true);
    for (StreamGenerator.Item it : all) {
      assertNotEquals(textOfCluster.get(it.cluster()), it.textId(), "rate 1 asked the head (same seed, same heads)");
    }
  }

  @Test
  void scanBurstIsDistinctSinglesWithVectorsAtItsPlace() throws IOException {
    QqpPairs p = pairs(dir);
    Map<String, Integer> id = ids(p);
    int noVector = id.get("J");
    List<StreamGenerator.Item> s = StreamGenerator.generate(p, settings(50, 9, 0.3, 4, 20, 0), t -> t != noVector);
    assertEquals(54, s.size());
    Set<Integer> burst = new HashSet<>();
    for (int i = 0; i < s.size(); i++) {
      boolean inBurst = i >= 20 && i < 24;
      assertEquals(inBurst, s.get(i).kind() == StreamGenerator.Kind.SCAN, "item " + i);
      if (inBurst) {
        assertEquals(1, p.clusters().get(s.get(i).cluster()).length);
        assertNotEquals(noVector, s.get(i).textId(), "the burst takes only questions with a stored vector");
        assertTrue(burst.add(s.get(i).textId()), "never repeated");
      }
    }
    BenchException e = assertThrows(BenchException.class,
        () -> StreamGenerator.generate(p, settings(50, 9, 0.3, 5, 20, 0), t -> t != noVector));
    assertTrue(e.getMessage().contains("scan burst of 5"), e.getMessage());
    // the same seed gives the same Zipf queries with or without the burst
    List<StreamGenerator.Item> plain = StreamGenerator.generate(p, settings(50, 9, 0.3, 0, 0, 0), t -> true);
    assertEquals(plain, s.stream().filter(it -> it.kind() != StreamGenerator.Kind.SCAN).toList());
    // a burst at the very end
    List<StreamGenerator.Item> atEnd = StreamGenerator.generate(p, settings(50, 9, 0.3, 2, 50, 0), t -> true);
    assertEquals(StreamGenerator.Kind.SCAN, atEnd.get(51).kind());
  }

  @Test
  void writesAreMixedInAtTheirRateWithoutChangingTheQueries() throws IOException {
    QqpPairs p = pairs(dir);
    List<StreamGenerator.Item> s = StreamGenerator.generate(p, settings(2000, 11, 0.3, 0, 0, 0.1), t -> true);
    List<StreamGenerator.Item> writes = s.stream().filter(it -> !it.isSearch()).toList();
    assertTrue(writes.size() > 150 && writes.size() < 250, "about 10%: " + writes.size());
    for (int i = 0; i < writes.size(); i++) {
      assertEquals(i, writes.get(i).writeNo());
    }
    assertEquals(StreamGenerator.generate(p, settings(2000, 11, 0.3, 0, 0, 0), t -> true),
        s.stream().filter(StreamGenerator.Item::isSearch).toList());
  }

  @Test
  void zipfFavoursLowRanksAsTheLawSays() {
    StreamGenerator.Zipf z = new StreamGenerator.Zipf(3, 1.0);
    Random r = new Random(1);
    int[] n = new int[4];
    for (int i = 0; i < 110_000; i++) {
      n[z.sample(r)]++;
    }
    // P = 1/H3 × (1, 1/2, 1/3) = (6/11, 3/11, 2/11): 60,000 / 30,000 / 20,000 expected
    assertEquals(60_000, n[1], 1_000);
    assertEquals(30_000, n[2], 1_000);
    assertEquals(20_000, n[3], 1_000);
  }
}
