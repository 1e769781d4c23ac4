package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.assertVecError;
import static io.pyrope.engine.Fixtures.assertVecErrorContains;
import static io.pyrope.engine.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.vec.CreateIndexRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VEC.CREATE validation: each bad input gets its own code and message. */
class IndexConfigValidationTest {
  private static final long NOW = 1_700_000_000_000L;

  private static IndexConfig valid(CreateIndexRequest req) {
    return IndexConfigs.fromRequest(req, NOW);
  }

  @Test
  void defaultsAreFlatWithRealtimeUpdates() {
    IndexConfig c = valid(create("docs", 8, "COSINE", null, Map.of()));
    assertEquals("Flat", c.factory());
    assertEquals(Metric.COSINE, c.metric());
    assertEquals(UpdateMode.REALTIME, c.updateMode());
    assertEquals(IndexConfigs.DEFAULT_HEAD_MAX, c.headMax());
    assertEquals(IndexConfigs.DEFAULT_EF_SEARCH, c.efSearch());
    assertEquals(NOW, c.createdMillis());
  }

  @Test
  void ivfDefaultNprobeIsAnEighthOfTheLists() {
    assertEquals(8, valid(create("docs", 16, "l2", "IVF64,Flat", Map.of())).nprobe());
    assertEquals(1, valid(create("docs", 16, "l2", "IVF4,Flat", Map.of())).nprobe());
  }

  @Test
  void paramsOverrideDefaults() {
    IndexConfig c = valid(create("docs", 16, "l2", "HNSW16",
        Map.of("ef", "128", "head_max", "500", "train_size", "2000", "update_mode", "REALTIME", "nprobe", "3")));
    assertEquals(128, c.efSearch());
    assertEquals(500, c.headMax());
    assertEquals(2000, c.trainSize());
    assertEquals(UpdateMode.REALTIME, c.updateMode());
    assertEquals(3, c.nprobe());
  }

  @Test
  void configSurvivesJson() {
    IndexConfig c = valid(create("docs", 16, "ip", "IVF16,Flat", Map.of("head_max", "77")));
    assertEquals(c, IndexConfig.fromJson(c.toJson()));
  }

  @Test
  void zeroDimIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "dim must be at least 1, got 0", () -> valid(create("docs", 0, "l2", null, null)));
  }

  @Test
  void dimOverTheLimitIsALimitError() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "dim is 5000, limit 4096", () -> valid(create("docs", 5000, "l2", null, null)));
  }

  @Test
  void unknownMetricNamesTheAcceptedOnes() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "unknown metric 'manhattan', expected cosine, ip or l2",
        () -> valid(create("docs", 8, "manhattan", null, null)));
  }

  @Test
  void badFactoryIsNamedWithFaissReason() {
    assertVecErrorContains(ErrorCode.VEC_ERR_SYNTAX, "bad FAISS factory 'IVFX,Nope' for dim 8: ",
        () -> valid(create("docs", 8, "l2", "IVFX,Nope", null)));
  }

  @Test
  void pqThatDoesNotDivideTheDimIsRejectedByFaiss() {
    assertVecErrorContains(ErrorCode.VEC_ERR_SYNTAX, "bad FAISS factory 'PQ7np' for dim 16",
        () -> valid(create("docs", 16, "l2", "PQ7np", null)));
  }

  @Test
  void idMapFactoriesAreRefused() {
    assertVecErrorContains(ErrorCode.VEC_ERR_SYNTAX, "uses IDMap", () -> valid(create("docs", 8, "l2", "IDMap,Flat", null)));
  }

  @Test
  void badTenantNameIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "tenant name 'a b' has characters outside [A-Za-z0-9_-]",
        () -> valid(new CreateIndexRequest("a b", "docs", 8, "l2", null, null)));
  }

  @Test
  void overlongIndexNameIsALimitError() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "index name is 129 characters, limit 128",
        () -> valid(create("x".repeat(129), 8, "l2", null, null)));
  }

  @Test
  void unknownParamIsASyntaxError() {
    assertVecErrorContains(ErrorCode.VEC_ERR_SYNTAX, "unknown index param 'nprob'",
        () -> valid(create("docs", 8, "l2", null, Map.of("nprob", "4"))));
  }

  @Test
  void nonIntegerParamIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "param ef='lots' is not an integer",
        () -> valid(create("docs", 8, "l2", null, Map.of("ef", "lots"))));
  }

  @Test
  void zeroParamIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "param head_max must be at least 1, got 0",
        () -> valid(create("docs", 8, "l2", null, Map.of("head_max", "0"))));
  }

  @Test
  void paramOverItsLimitIsALimitError() {
    assertVecError(ErrorCode.VEC_ERR_LIMIT, "param nprobe is 100000, limit 65536",
        () -> valid(create("docs", 8, "l2", null, Map.of("nprobe", "100000"))));
  }

  @Test
  void trainSizeBelowWhatTheFactoryNeedsIsASyntaxError() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "param train_size=100 is below the 256 rows IVF256,Flat needs to train",
        () -> valid(create("docs", 8, "l2", "IVF256,Flat", Map.of("train_size", "100"))));
  }

  @Test
  void unknownUpdateModeIsASyntaxError() {
    assertVecErrorContains(ErrorCode.VEC_ERR_SYNTAX, "unknown update mode 'eventually'",
        () -> valid(create("docs", 8, "l2", null, Map.of("update_mode", "eventually"))));
  }

  @Test
  void microbatchUpdateModeIsRefusedUntilImplemented() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "update_mode 'microbatch' is not implemented yet, only realtime is accepted",
        () -> valid(create("docs", 8, "l2", null, Map.of("update_mode", "microbatch"))));
  }

  @Test
  void offlineUpdateModeIsRefusedUntilImplemented() {
    assertVecError(ErrorCode.VEC_ERR_SYNTAX, "update_mode 'offline' is not implemented yet, only realtime is accepted",
        () -> valid(create("docs", 8, "l2", null, Map.of("update_mode", "Offline"))));
  }

  @Test
  void storedConfigWithAnUnimplementedModeStillLoads() {
    IndexConfig c = valid(create("docs", 16, "l2", null, Map.of()));
    io.vertx.core.json.JsonObject json = c.toJson().put("update_mode", "offline");
    assertEquals(UpdateMode.OFFLINE, IndexConfig.fromJson(json).updateMode());
  }
}
