package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.assertVecError;
import static io.pyrope.engine.Fixtures.create;
import static io.pyrope.engine.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.vec.RecordView;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.search.faiss.SearchParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ADD vs UPSERT vs DELETE, versions and epochs. */
class WriteSemanticsTest {
  private static final float[] A = {1, 0, 0};
  private static final float[] B = {0, 1, 0};

  private IndexRegistry registry;
  private VectorIndex index;

  @BeforeEach
  void setUp() {
    registry = new IndexRegistry();
    index = registry.create(create("docs", 3, "l2", null, null));
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void addOfAnExistingIdIsRefused() {
    index.add(List.of(rec("a", A)));
    assertVecError(ErrorCode.VEC_ERR_EXISTS, "id 'a' already exists in t1/docs", () -> index.add(List.of(rec("a", B))));
    assertEquals(1, index.get("a").version());
  }

  @Test
  void addWithARepeatedIdInTheBatchIsRefusedWhole() {
    assertVecError(ErrorCode.VEC_ERR_EXISTS, "id 'b' appears twice in the batch",
        () -> index.add(List.of(rec("b", A), rec("c", A), rec("b", B))));
    assertEquals(0, index.size());
  }

  @Test
  void upsertReplacesAndCountsVersions() {
    index.upsert(List.of(rec("a", A, "{\"n\":1}", List.of(), Map.of())));
    long created = index.get("a").createdMillis();
    index.upsert(List.of(rec("a", B, "{\"n\":2}", List.of("x"), Map.of())));
    RecordView v = index.get("a");
    assertEquals(2, v.version());
    assertEquals("{\"n\":2}", v.metaJson());
    assertEquals(List.of("x"), v.tags());
    assertEquals(created, v.createdMillis());
    assertEquals(1, index.size());
  }

  @Test
  void upsertedRecordIsFoundByItsNewVectorOnly() {
    index.upsert(List.of(rec("a", A)));
    index.upsert(List.of(rec("a", B)));
    index.add(List.of(rec("far", new float[] {9, 9, 9})));
    SearchReply r = index.search(A, 2, null, SearchParams.DEFAULTS, false);
    assertEquals(List.of("a", "far"), r.hits().stream().map(SearchReply.Hit::id).toList());
    assertEquals(2.0f, r.hits().get(0).score(), 1e-6); // |A-B|^2: the old version is gone
  }

  @Test
  void upsertWithARepeatedIdKeepsTheLast() {
    WriteReply w = index.upsert(List.of(rec("a", A, "{\"n\":1}", List.of(), Map.of()),
        rec("a", B, "{\"n\":2}", List.of(), Map.of())));
    assertEquals(2, w.applied());
    assertEquals("{\"n\":2}", index.get("a").metaJson());
    assertEquals(1, index.search(A, 10, null, SearchParams.DEFAULTS, false).hits().size());
  }

  @Test
  void deleteOfAMissingIdAppliesNothingAndKeepsTheEpoch() {
    index.add(List.of(rec("a", A)));
    long before = index.epoch();
    WriteReply w = index.delete(List.of("nope"));
    assertEquals(0, w.applied());
    assertEquals(before, w.epoch());
    assertEquals(before, index.epoch());
  }

  @Test
  void deletedRecordIsGoneFromGetAndSearch() {
    index.add(List.of(rec("a", A), rec("b", B)));
    assertEquals(1, index.delete(List.of("a", "missing")).applied());
    assertVecError(ErrorCode.VEC_ERR_NOT_FOUND, "id 'a' not found in t1/docs", () -> index.get("a"));
    assertEquals(List.of("b"), index.search(A, 5, null, SearchParams.DEFAULTS, false).hits().stream()
        .map(SearchReply.Hit::id).toList());
  }

  @Test
  void deletedIdCanBeAddedAgainAsVersionOne() {
    index.add(List.of(rec("a", A)));
    index.delete(List.of("a"));
    index.add(List.of(rec("a", B)));
    assertEquals(1, index.get("a").version());
  }

  @Test
  void everyEffectiveWriteBumpsTheEpochByOne() {
    assertEquals(0, index.epoch());
    assertEquals(1, index.add(List.of(rec("a", A), rec("b", B))).epoch());
    assertEquals(2, index.upsert(List.of(rec("a", B))).epoch());
    assertEquals(3, index.delete(List.of("b")).epoch());
    assertEquals(4, index.add(List.of(rec("c", A))).epoch());
    assertEquals(4, index.epoch());
  }

  @Test
  void failedWriteKeepsTheEpoch() {
    index.add(List.of(rec("a", A)));
    assertVecError(ErrorCode.VEC_ERR_EXISTS, null, () -> index.add(List.of(rec("a", A))));
    assertEquals(1, index.epoch());
  }

  @Test
  void searchReportsTheEpochItSaw() {
    index.add(List.of(rec("a", A)));
    index.add(List.of(rec("b", B)));
    assertEquals(2, index.search(A, 1, null, SearchParams.DEFAULTS, false).epoch());
  }

  @Test
  void resultsAreBestFirstWithTiesBrokenById() {
    index.add(List.of(rec("z", B), rec("m", B), rec("a", B), rec("best", A)));
    SearchReply r = index.search(A, 4, null, SearchParams.DEFAULTS, false);
    assertEquals(List.of("best", "a", "m", "z"), r.hits().stream().map(SearchReply.Hit::id).toList());
  }

  @Test
  void innerProductScoresLargerIsCloser() {
    VectorIndex ip = registry.create(create("ip", 3, "ip", null, null));
    ip.add(List.of(rec("small", new float[] {1, 0, 0}), rec("big", new float[] {3, 0, 0})));
    SearchReply r = ip.search(new float[] {1, 0, 0}, 2, null, SearchParams.DEFAULTS, false);
    assertEquals(List.of("big", "small"), r.hits().stream().map(SearchReply.Hit::id).toList());
    assertEquals(3.0f, r.hits().get(0).score(), 1e-6);
  }

  @Test
  void withMetaReturnsTheMetaText() {
    index.add(List.of(rec("a", A, "{\"title\":\"x\"}", List.of(), Map.of())));
    assertEquals("{\"title\":\"x\"}", index.search(A, 1, null, SearchParams.DEFAULTS, true).hits().get(0).metaJson());
    assertEquals(null, index.search(A, 1, null, SearchParams.DEFAULTS, false).hits().get(0).metaJson());
  }

  @Test
  void searchOfAnEmptyIndexFindsNothing() {
    SearchReply r = index.search(A, 3, null, SearchParams.DEFAULTS, false);
    assertTrue(r.hits().isEmpty());
    assertEquals("none", r.strategy());
  }
}
