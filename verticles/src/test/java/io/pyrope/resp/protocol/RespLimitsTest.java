package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RespLimitsTest {

  @Test
  void defaultsAreTheNamedConstants() {
    assertEquals(64L * 1024 * 1024, RespLimits.DEFAULT.maxBulkBytes());
    assertEquals(1_048_576, RespLimits.DEFAULT.maxArgs());
    assertEquals(64 * 1024, RespLimits.DEFAULT.maxInlineBytes());
    assertEquals(1, RespLimits.DEFAULT.maxNesting());
    assertTrue(RespLimits.DEFAULT.authenticated());
  }

  @Test
  void unauthenticatedIsTighterLikeRedis() {
    assertEquals(10, RespLimits.UNAUTHENTICATED.maxArgs());
    assertEquals(16 * 1024, RespLimits.UNAUTHENTICATED.maxBulkBytes());
    assertTrue(RespLimits.UNAUTHENTICATED.maxRequestBytes() < RespLimits.DEFAULT.maxRequestBytes());
  }

  @Test
  void jsonRoundTrips() {
    RespLimits limits = new RespLimits(1000, 20, 128, 1, 5000, false);
    assertEquals(limits, new RespLimits(limits.toJson()));
  }

  @Test
  void missingJsonKeysTakeDefaults() {
    RespLimits limits = new RespLimits(new JsonObject().put("maxArgs", 7));
    assertEquals(7, limits.maxArgs());
    assertEquals(RespLimits.DEFAULT.maxBulkBytes(), limits.maxBulkBytes());
  }

  @Test
  void nestingOtherThanOneIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RespLimits(100, 10, 64, 2, 100, true));
  }

  @Test
  void requestLimitBelowBulkLimitIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RespLimits(100, 10, 64, 1, 99, true));
  }

  @Test
  void bulkLimitBeyondAJavaArrayIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new RespLimits(1L << 31, 10, 64, 1, 1L << 40, true));
  }
}
