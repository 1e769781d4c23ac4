package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis, a second real client, against a real node in RESP2 and RESP3. */
class JedisTest {
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  private static Jedis connect(RedisProtocol protocol) {
    return new Jedis(new HostAndPort("127.0.0.1", node.respPort()),
        DefaultJedisClientConfig.builder().protocol(protocol).clientName("jedis-test").build());
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void connectsAndAnswersConnectionCommands(RedisProtocol protocol) {
    try (Jedis j = connect(protocol)) {
      assertEquals("PONG", j.ping());
      assertEquals("hi", j.echo("hi"));
      assertEquals("jedis-test", j.clientGetname());
      assertTrue(j.clientId() > 0);
      assertEquals("OK", j.select(0));
      assertTrue(j.info("server").contains("pyrope_version:"));
      String me = j.clientInfo();
      assertTrue(me.contains("name=jedis-test"), me);
      assertTrue(me.contains("resp=" + (protocol == RedisProtocol.RESP3 ? 3 : 2)), me);
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void pipelineOfTenThousandKeepsOrder(RedisProtocol protocol) {
    try (Jedis j = connect(protocol)) {
      Pipeline p = j.pipelined();
      List<Response<Object>> replies = new java.util.ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        replies.add(p.sendCommand(redis.clients.jedis.Protocol.Command.ECHO, "v" + i));
      }
      p.sync();
      for (int i = 0; i < 10_000; i++) {
        assertEquals("v" + i, redis.clients.jedis.util.SafeEncoder.encode((byte[]) replies.get(i).get()));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void selectingAnotherDatabaseIsRefused(RedisProtocol protocol) {
    try (Jedis j = connect(protocol)) {
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.select(1));
      assertTrue(e.getMessage().startsWith("ERR DB index is out of range"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void clientSetnameRejectsSpacesAndGetnameIsNullByDefault(RedisProtocol protocol) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.respPort()),
        DefaultJedisClientConfig.builder().protocol(protocol).build())) {
      assertNull(j.clientGetname());
      JedisDataException e = assertThrows(JedisDataException.class, () -> j.clientSetname("a b"));
      assertTrue(e.getMessage().contains("Client names cannot contain spaces"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void helloWithUnsupportedVersionIsRefused(RedisProtocol protocol) {
    try (Jedis j = connect(protocol)) {
      Object reply = assertThrows(JedisDataException.class,
          () -> j.sendCommand(() -> "HELLO".getBytes(), "4")).getMessage();
      assertEquals("NOPROTO unsupported protocol version", reply);
      assertEquals("PONG", j.ping());
    }
  }
}
