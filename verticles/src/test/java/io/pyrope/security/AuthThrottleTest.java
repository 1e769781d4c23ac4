package io.pyrope.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The brute-force throttle with a fake clock. */
class AuthThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AuthThrottle t = new AuthThrottle(meters, AuthThrottle.FREE_FAILURES, now::get);

  @Test
  void theFirstFailuresCostNothing() {
    for (int i = 0; i < AuthThrottle.FREE_FAILURES; i++) {
      assertEquals(0, t.admit("10.0.0.1"));
      t.failed(AuthThrottle.RESP, "10.0.0.1");
    }
    assertEquals(AuthThrottle.FREE_FAILURES, meters.counter("vector_db_auth_failures_total", "transport", "resp").count());
  }

  @Test
  void afterThemAttemptsAreSpacedByGrowingIntervals() {
    for (int i = 0; i < AuthThrottle.FREE_FAILURES; i++) {
      t.failed(AuthThrottle.HTTP, "10.0.0.1");
    }
    assertEquals(0, t.admit("10.0.0.1"));
    t.failed(AuthThrottle.HTTP, "10.0.0.1");
    long w1 = t.admit("10.0.0.1");
    t.failed(AuthThrottle.HTTP, "10.0.0.1");
    long w2 = t.admit("10.0.0.1");
    assertEquals(AuthThrottle.BASE_INTERVAL_MS, w1);
    assertTrue(w2 > w1, w1 + " then " + w2);
    // Parallel attempts queue behind each other: one check per interval, not one per connection.
    long w3 = t.admit("10.0.0.1");
    assertTrue(w3 > w2, w2 + " then " + w3);
    assertEquals(0, t.admit("10.0.0.2"), "other addresses are not affected");
  }

  @Test
  void aLongQueueIsRefusedAtOnce() {
    for (int i = 0; i < AuthThrottle.FREE_FAILURES + 10; i++) {
      t.failed(AuthThrottle.RESP, "10.0.0.1");
    }
    long w = 0;
    for (int i = 0; i < 100 && w >= 0; i++) {
      w = t.admit("10.0.0.1");
      assertTrue(w <= AuthThrottle.MAX_WAIT_MS);
    }
    assertEquals(-1, w);
  }

  @Test
  void failuresAreForgottenAfterTheWindow() {
    for (int i = 0; i < AuthThrottle.FREE_FAILURES + 3; i++) {
      t.failed(AuthThrottle.RESP, "10.0.0.1");
    }
    now.addAndGet(AuthThrottle.WINDOW_MS + 1);
    assertEquals(0, t.admit("10.0.0.1"));
    assertEquals(0, t.failures("10.0.0.1"));
  }

  @Test
  void hostStripsThePort() {
    assertEquals("127.0.0.1", AuthThrottle.host("127.0.0.1:5555"));
    assertEquals("0:0:0:0:0:0:0:1", AuthThrottle.host("0:0:0:0:0:0:0:1:5555"));
  }
}
