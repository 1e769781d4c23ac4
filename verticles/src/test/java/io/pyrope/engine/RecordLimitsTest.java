package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.assertVecError;
import static io.pyrope.engine.Fixtures.assertVecErrorContains;
import static io.pyrope.engine.Fixtures.create;
import static io.pyrope.engine.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Record and search input checks: each bad input gets its own code and message, nothing is applied. */
class RecordLimitsTest {
  private static final int DIM = 4;
  private static final float[] V = {1, 2, 3, 4};

  private IndexRegistry registry;
  private VectorIndex l2;
  private VectorIndex cosine;

  @BeforeEach
  void setUp() {
    registry = new IndexRegistry();
    l2 = registry.create(create("l2", DIM, "l2", null, null));
    cosine = registry.create(create("cos", DIM, "cosine", null, null));
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  private void add(RecordInput r) {
    l2.add(List.of(r));
  }

  @Test
  void wrongDimNamesExpectedAndReceived() {
    assertVecError(ErrorCode.VEC_ERR_DIM, "expected 4 got 3", () -> add(rec("a", new float[] {1, 2, 3})));
    assertEquals(0, l2.size());
  }

  @Test
  void emptyVectorIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "vector is empty", () -> add(rec("a", new float[0])));
  }

  @Test
  void nanComponentIsNamedByPosition() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "vector component at position 2 is NaN",
        () -> add(rec("a", new float[] {1, 2, Float.NaN, 4})));
  }

  @Test
  void infiniteComponentIsNamedByPosition() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "vector component at position 0 is infinite",
        () -> add(rec("a", new float[] {Float.NEGATIVE_INFINITY, 2, 3, 4})));
  }

  @Test
  void zeroVectorCannotBeCosineNormalised() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "zero vector has no direction: cosine cannot normalise it",
        () -> cosine.add(List.of(rec("a", new float[DIM]))));
  }

  @Test
  void zeroVectorIsFineForL2() {
    l2.add(List.of(rec("a", new float[DIM])));
    assertEquals(1, l2.size());
  }

  @Test
  void cosineVectorsAreStoredNormalised() {
    cosine.add(List.of(rec("a", new float[] {3, 0, 4, 0})));
    float[] stored = cosine.get("a").vector();
    assertEquals(0.6f, stored[0], 1e-6);
    assertEquals(0.8f, stored[2], 1e-6);
  }

  @Test
  void idOverTheLimitIsALimitError() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "id is 513 bytes, limit 512", () -> add(rec("x".repeat(513), V)));
  }

  @Test
  void idLimitCountsUtf8Bytes() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "id is 514 bytes, limit 512", () -> add(rec("é".repeat(257), V)));
  }

  @Test
  void emptyIdIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "id is empty", () -> add(rec("", V)));
  }

  @Test
  void metaOverTheLimitNamesSizeAndLimit() {
    String meta = "{\"k\":\"" + "x".repeat(70_000 - 8) + "\"}";
    assertEquals(70_000, meta.length());
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "meta is 70000 bytes, limit 65536",
        () -> add(rec("a", V, meta, List.of(), Map.of())));
  }

  @Test
  void metaMustBeAJsonObject() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "meta must be a JSON object", () -> add(rec("a", V, "[1,2]", List.of(), Map.of())));
  }

  @Test
  void malformedMetaIsASyntaxError() {
    assertVecErrorContains(ErrorCode.VEC_ERR_SYNTAX, "meta is not valid JSON",
        () -> add(rec("a", V, "{\"a\":", List.of(), Map.of())));
  }

  @Test
  void tooManyTagsIsALimitError() {
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < Limits.MAX_TAGS + 1; i++) {
      tags.add("t" + i);
    }
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "record has 65 tags, limit 64", () -> add(rec("a", V, null, tags, Map.of())));
  }

  @Test
  void overlongTagIsALimitError() {
    assertVecErrorContains(ErrorCode.VEC_ERR_LIMIT, "is 257 bytes, limit 256",
        () -> add(rec("a", V, null, List.of("y".repeat(257)), Map.of())));
  }

  @Test
  void tooManyNumericFieldsIsALimitError() {
    Map<String, Double> numeric = new HashMap<>();
    for (int i = 0; i < Limits.MAX_NUMERIC_FIELDS + 1; i++) {
      numeric.put("f" + i, 1.0);
    }
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "record has 65 numeric fields, limit 64",
        () -> add(rec("a", V, null, List.of(), numeric)));
  }

  @Test
  void nanNumericValueIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "numeric field 'price' is not a number",
        () -> add(rec("a", V, null, List.of(), Map.of("price", Double.NaN))));
  }

  @Test
  void batchOverTheLimitIsALimitError() {
    List<RecordInput> batch = new ArrayList<>();
    for (int i = 0; i < Limits.MAX_BATCH + 1; i++) {
      batch.add(rec("r" + i, V));
    }
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "write has 10001 records, limit 10000", () -> l2.add(batch));
  }

  @Test
  void oneBadRecordRejectsTheWholeBatch() {
    assertVecError(ErrorCode.VEC_ERR_DIM, "expected 4 got 2", () -> l2.add(List.of(rec("a", V), rec("b", new float[2]))));
    assertEquals(0, l2.size());
    assertEquals(0, l2.epoch());
  }

  @Test
  void topKZeroIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "topK must be at least 1, got 0",
        () -> l2.search(V, 0, null, SearchParams.DEFAULTS, false));
  }

  @Test
  void topKOverTheLimitIsALimitError() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "topK is 5000, limit 4096",
        () -> l2.search(V, 5000, null, SearchParams.DEFAULTS, false));
  }

  @Test
  void queryWithWrongDimIsADimError() {
    assertVecError(ErrorCode.VEC_ERR_DIM, "expected 4 got 5",
        () -> l2.search(new float[5], 3, null, SearchParams.DEFAULTS, false));
  }

  @Test
  void zeroQueryOnCosineIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "zero vector has no direction: cosine cannot normalise it",
        () -> cosine.search(new float[DIM], 3, null, SearchParams.DEFAULTS, false));
  }

  @Test
  void efSearchOverTheLimitIsALimitError() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "efSearch is 40000, limit 32768",
        () -> l2.search(V, 3, null, new SearchParams(0, 40_000), false));
  }
}
