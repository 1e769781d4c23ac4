package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.pyrope.security.AuthThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

/**
 * Repeated bad keys from one address are slowed down (timers, not blocked threads), counted in
 * vector_db_auth_failures_total{transport}, and a RESP connection is closed after too many.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BruteForceTest {
  private static PyropeNode node;

  @BeforeAll
  static void setUp() {
    node = SecureNode.start(); // default allowance
  }

  @AfterAll
  static void tearDown() {
    node.close();
  }

  private static long timedAuth(RawClient c, String key) throws Exception {
    long t0 = System.nanoTime();
    c.send("AUTH " + key + "\r\n");
    String line = c.readLine();
    assertTrue(line.startsWith("-VEC_ERR_AUTH"), line);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  @Order(1)
  void respFailuresAreSlowedCountedAndTheConnectionIsClosed() throws Exception {
    try (RawClient c = new RawClient(node.respPort()); RawClient bystander = new RawClient(node.respPort())) {
      for (int i = 0; i < AuthThrottle.FREE_FAILURES; i++) {
        assertTrue(timedAuth(c, "wrong-key-" + i) < 500, "the first failures are not delayed");
      }
      timedAuth(c, "wrong-key-5");
      long slowed = 0;
      for (int i = 6; i < AuthThrottle.MAX_FAILURES_PER_CONNECTION; i++) {
        slowed = timedAuth(c, "wrong-key-" + i);
        // The event loop is free meanwhile: another connection is answered at once.
        long t0 = System.nanoTime();
        bystander.send("PING\r\n");
        assertEquals("+PONG", bystander.readLine());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < AuthThrottle.BASE_INTERVAL_MS);
      }
      assertTrue(slowed >= AuthThrottle.BASE_INTERVAL_MS, "the last failure took " + slowed + " ms");
      c.send("AUTH " + SecureNode.ADMIN_KEY + "\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH too many failed authentication attempts"));
      assertTrue(c.closedByServer());
    }
    assertTrue(node.registry().scrape().contains("vector_db_auth_failures_total{transport=\"resp\"} "
        + AuthThrottle.MAX_FAILURES_PER_CONNECTION + ".0"), "metric");
  }

  @Test
  @Order(2)
  void fromASuspiciousAddressEvenTheRightKeyWaitsButSucceeds() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      long t0 = System.nanoTime();
      c.send("AUTH " + SecureNode.ADMIN_KEY + "\r\n");
      assertEquals("+OK", c.readLine());
      assertTrue((System.nanoTime() - t0) / 1_000_000 >= AuthThrottle.BASE_INTERVAL_MS / 2);
    }
  }

  @Test
  @Order(3)
  void httpFailuresAreSlowedAndCountedToo() {
    long t0 = System.nanoTime();
    Http.assertError(Http.call(node, "GET", "/v1/indexes", null, "pyr_bad"), 401, "VEC_ERR_AUTH", "invalid key");
    assertTrue((System.nanoTime() - t0) / 1_000_000 >= AuthThrottle.BASE_INTERVAL_MS / 2, "delayed");
    assertTrue(node.registry().scrape().contains("vector_db_auth_failures_total{transport=\"http\"} 1.0"), "metric");
  }

  @Test
  @Order(4)
  void aDelayedRequestStillGetsItsBody() {
    long t0 = System.nanoTime();
    Http.json(Http.call(node, "POST", "/v1/tenants", "{\"name\":\"late\"}", SecureNode.ADMIN_KEY), 201);
    assertTrue((System.nanoTime() - t0) / 1_000_000 >= AuthThrottle.BASE_INTERVAL_MS / 2, "delayed");
  }
}
