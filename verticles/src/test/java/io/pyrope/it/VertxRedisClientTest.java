package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** vertx-redis-client against a real node, in RESP2 and RESP3. */
@ExtendWith(VertxExtension.class)
class VertxRedisClientTest {
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  private static Future<RedisConnection> connect(Vertx vertx, ProtocolVersion version) {
    return Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + node.respPort())
        .setPreferredProtocolVersion(version)).connect();
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
  void pingEchoAndHelloAnswer(ProtocolVersion version, Vertx vertx, VertxTestContext test) {
    connect(vertx, version).compose(conn -> conn.send(Request.cmd(Command.PING))
        .compose(pong -> {
          test.verify(() -> assertEquals("PONG", pong.toString()));
          return conn.send(Request.cmd(Command.ECHO).arg("héllo\r\nworld"));
        })
        .compose(echo -> {
          test.verify(() -> assertEquals("héllo\r\nworld", echo.toString()));
          return conn.send(Request.cmd(Command.HELLO));
        })
        .compose(hello -> {
          test.verify(() -> {
            if (version == ProtocolVersion.RESP3) {
              assertEquals(ResponseType.MULTI, hello.type());
              assertEquals("pyrope", hello.get("server").toString());
              assertEquals(3, hello.get("proto").toInteger());
            } else {
              // RESP2 flattens the map into key, value, key, value...
              assertEquals("server", hello.get(0).toString());
              assertEquals("pyrope", hello.get(1).toString());
              assertEquals("proto", hello.get(4).toString());
              assertEquals(2, hello.get(5).toInteger());
            }
          });
          return conn.close();
        }))
        .onComplete(test.succeedingThenComplete());
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
  void pipelinedRepliesKeepRequestOrder(ProtocolVersion version, Vertx vertx, VertxTestContext test) {
    int n = 2000;
    connect(vertx, version).compose(conn -> {
      List<Request> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(i % 3 == 0 ? Request.cmd(Command.PING) : Request.cmd(Command.ECHO).arg("m" + i));
      }
      return conn.batch(batch).onComplete(ar -> conn.close());
    }).onComplete(test.succeeding(replies -> test.verify(() -> {
      assertEquals(n, replies.size());
      for (int i = 0; i < n; i++) {
        assertEquals(i % 3 == 0 ? "PONG" : "m" + i, replies.get(i).toString());
      }
      test.completeNow();
    })));
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
  void unknownCommandGetsRedisErrorAndConnectionSurvives(ProtocolVersion version, Vertx vertx, VertxTestContext test) {
    connect(vertx, version).compose(conn -> conn.send(Request.cmd(Command.create("NOPE")).arg("a"))
        .transform(ar -> {
          test.verify(() -> {
            assertTrue(ar.failed());
            assertTrue(ar.cause().getMessage().startsWith("ERR unknown command 'NOPE', with args beginning with: 'a'"),
                ar.cause().getMessage());
          });
          return conn.send(Request.cmd(Command.PING)); // the connection is still usable
        })
        .onComplete(ar -> conn.close()))
        .onComplete(test.succeeding(pong -> test.verify(() -> {
          assertEquals("PONG", pong.toString());
          test.completeNow();
        })));
  }

  @ParameterizedTest
  @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
  void infoHasItsSections(ProtocolVersion version, Vertx vertx, VertxTestContext test) {
    connect(vertx, version).compose(conn -> conn.send(Request.cmd(Command.INFO)).onComplete(ar -> conn.close()))
        .onComplete(test.succeeding(info -> test.verify(() -> {
          String text = info.toString();
          for (String s : List.of("# Server", "# Clients", "# Memory", "# CPU", "# Stats", "# Kafka",
              "# Persistence", "connected_clients:", "tcp_port:" + node.respPort(), "total_commands_processed:",
              "used_cpu_user:", "used_cpu_sys:", "used_cpu_total:", "wal_enabled:1")) {
            assertTrue(text.contains(s), "INFO misses " + s + " in\n" + text);
          }
          test.completeNow();
        })));
  }
}
