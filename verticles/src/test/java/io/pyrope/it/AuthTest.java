package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

/** A node with an admin key: unauthenticated clients may only AUTH, HELLO, PING, QUIT, RESET. */
class AuthTest {
  private static final String KEY = "test-admin-key-0123456789";
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    node = TestNodes.start("--auth.admin-key=" + KEY);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void unauthenticatedClientMayOnlyPing() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("PING\r\n");
      assertEquals("+PONG", c.readLine());
      c.send("ECHO hi\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH authentication required"));
      c.send("INFO\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH"));
    }
  }

  @Test
  void wrongKeyIsRefusedAndRightKeyAccepted() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("AUTH wrong-key-wrong-key\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH invalid username-key pair"));
      c.send("AUTH " + KEY + "\r\n");
      assertEquals("+OK", c.readLine());
      c.send("ECHO hi\r\n");
      assertEquals("$2", c.readLine());
      assertEquals("hi", c.readLine());
    }
  }

  @Test
  void unauthenticatedClientsGetTighterProtocolLimits() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      // A megabyte bulk is fine once authenticated but not before.
      c.send("*2\r\n$4\r\nECHO\r\n$1048576\r\n");
      assertTrue(c.readLine().startsWith("-ERR Protocol error:"));
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void jedisAuthenticatesWithRespThreeHello() {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.respPort()), DefaultJedisClientConfig.builder()
        .protocol(RedisProtocol.RESP3).user("default").password(KEY).build())) {
      assertEquals("PONG", j.ping());
      assertEquals("x", j.echo("x"));
    }
  }

  @Test
  void jedisWithWrongPasswordFails() {
    assertThrows(JedisDataException.class, () -> {
      try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.respPort()), DefaultJedisClientConfig.builder()
          .password("not-the-key-at-all").build())) {
        j.ping();
      }
    });
  }

  @Test
  void resetDropsAuthentication() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("AUTH default " + KEY + "\r\n");
      assertEquals("+OK", c.readLine());
      c.send("RESET\r\nECHO x\r\n");
      assertEquals("+RESET", c.readLine());
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH"));
    }
  }
}
