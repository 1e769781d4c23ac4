package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;

/** VEC.* behaviour over real clients: replies per protocol, ordering, filters, deletes. */
@ExtendWith(VertxExtension.class)
class VecCommandsTest {
  private static final String T = "cmds";
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", T, "colors", "DIM", 3, "METRIC", "cosine");
      VecClient.send(j, "VEC.ADD", T, "colors",
          "red", "VECTOR", "[1,0,0]", "META", "{\"name\":\"red\",\"year\":2020}", "TAGS", "warm,primary",
          "NUMERIC", "price=3",
          "orange", "VECTOR", "[0.8,0.4,0]", "META", "{\"name\":\"orange\"}", "TAGS", "warm", "NUMERIC", "price=7",
          "blue", "VECTOR", "[0,0,1]", "TAGS", "cold,primary", "NUMERIC", "price=5");
    }
  }

  @AfterAll
  static void drop() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.DROP", T, "colors");
    }
  }

  @Test
  void searchReturnsIdsScoresAndMetaBestFirst() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      @SuppressWarnings("unchecked")
      List<List<Object>> hits = (List<List<Object>>) VecClient.send(j, "VEC.SEARCH", T, "colors", "TOPK", 2,
          "VECTOR", "[1,0.1,0]", "WITHMETA");
      assertEquals(List.of("red", "orange"), VecClient.ids(hits));
      double s0 = Double.parseDouble(new String((byte[]) hits.get(0).get(1), StandardCharsets.UTF_8));
      double s1 = Double.parseDouble(new String((byte[]) hits.get(1).get(1), StandardCharsets.UTF_8));
      assertTrue(s0 > s1 && s0 <= 1.0001, "cosine similarities best first: " + s0 + ", " + s1);
      assertEquals("{\"name\":\"red\",\"year\":2020}", new String((byte[]) hits.get(0).get(2), StandardCharsets.UTF_8));
    }
  }

  @Test
  void filtersApplyToTagsNumericAndMeta() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      assertEquals(List.of("blue", "red"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "colors", "TOPK", 5,
          "VECTOR", "[0,0,1]", "FILTER", "tag == 'primary'")));
      assertEquals(List.of("orange", "blue"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "colors", "TOPK", 5,
          "VECTOR", "[1,0,0]", "FILTER", "price > 4")));
      assertEquals(List.of("red"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "colors", "TOPK", 5,
          "VECTOR", "[0,0,1]", "FILTER", "year == 2020 and not tag in ('cold')")));
      assertEquals(List.of(), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "colors", "TOPK", 5,
          "VECTOR", "[0,0,1]", "FILTER", "price > 100")));
    }
  }

  @Test
  void respThreeGetsMapsForStatsAndGet() {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.respPort()),
        DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
      Object stats = VecClient.send(j, "VEC.STATS", T, "colors");
      assertTrue(stats instanceof List<?> || stats instanceof Map<?, ?>, String.valueOf(stats));
      Object rec = VecClient.send(j, "VEC.GET", T, "colors", "red");
      // Jedis hands RESP3 maps back as a list of key/value pairs; RESP2 would be a flat list.
      String text = render(rec);
      assertTrue(text.contains("red") && text.contains("primary") && text.contains("price"), text);
    }
  }

  private static String render(Object o) {
    if (o instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (o instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(render(x)));
      return parts.toString();
    }
    if (o instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, v) -> parts.add(render(k) + "=" + render(v)));
      return parts.toString();
    }
    if (o instanceof redis.clients.jedis.util.KeyValue<?, ?> kv) {
      return render(kv.getKey()) + "=" + render(kv.getValue());
    }
    return String.valueOf(o);
  }

  @Test
  void pipelinedWritesAreVisibleToTheNextCommandOfTheSameConnection() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", T, "ryw", "DIM", 2, "METRIC", "l2");
      try {
        Pipeline p = j.pipelined();
        List<Response<Object>> searches = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          p.sendCommand(VecClient.cmd("VEC.ADD"), VecClient.b(T), VecClient.b("ryw"), VecClient.b("id" + i),
              VecClient.b("VECTOR"), VecClient.b("[" + i + "," + i + "]"));
          searches.add(p.sendCommand(VecClient.cmd("VEC.SEARCH"), VecClient.b(T), VecClient.b("ryw"),
              VecClient.b("TOPK"), VecClient.b("1"), VecClient.b("VECTOR"), VecClient.b("[" + i + "," + i + "]")));
          if (i % 10 == 9) {
            p.sendCommand(VecClient.cmd("VEC.DEL"), VecClient.b(T), VecClient.b("ryw"), VecClient.b("id" + i));
            searches.add(p.sendCommand(VecClient.cmd("VEC.SEARCH"), VecClient.b(T), VecClient.b("ryw"),
                VecClient.b("TOPK"), VecClient.b("1"), VecClient.b("VECTOR"), VecClient.b("[" + i + "," + i + "]")));
          }
        }
        p.sync();
        int s = 0;
        for (int i = 0; i < 200; i++) {
          assertEquals(List.of("id" + i), VecClient.ids(searches.get(s++).get()), "search after add " + i);
          if (i % 10 == 9) {
            List<String> after = VecClient.ids(searches.get(s++).get());
            assertTrue(!after.contains("id" + i), "deleted id" + i + " came back: " + after);
          }
        }
      } finally {
        VecClient.send(j, "VEC.DROP", T, "ryw");
      }
    }
  }

  @Test
  void upsertReplacesAndBumpsTheVersion() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", T, "up", "DIM", 2, "METRIC", "l2");
      try {
        VecClient.send(j, "VEC.ADD", T, "up", "x", "VECTOR", "[0,0]");
        VecClient.send(j, "VEC.ADD", T, "up", "y", "VECTOR", "[5,5]");
        assertEquals(1L, VecClient.send(j, "VEC.UPSERT", T, "up", "x", "VECTOR", "[9,9]", "META", "{\"v\":2}"));
        assertEquals(List.of("x"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "up", "TOPK", 1,
            "VECTOR", "[9,9]")));
        assertEquals(List.of("y"), VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "up", "TOPK", 1,
            "VECTOR", "[0,0]")));
        String rec = render(VecClient.send(j, "VEC.GET", T, "up", "x"));
        assertTrue(rec.contains("version, 2"), rec);
      } finally {
        VecClient.send(j, "VEC.DROP", T, "up");
      }
    }
  }

  @Test
  void randomFilteredSearchesNeverReturnAFailingRecordOnHnsw() {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      VecClient.send(j, "VEC.CREATE", T, "hf", "DIM", 8, "METRIC", "l2", "FACTORY", "HNSW16");
      try {
        Random r = new Random(11);
        int n = 2000;
        int[] bucket = new int[n];
        List<byte[]> args = new ArrayList<>(List.of(VecClient.b(T), VecClient.b("hf")));
        for (int i = 0; i < n; i++) {
          float[] v = new float[8];
          for (int d = 0; d < 8; d++) {
            v[d] = r.nextFloat();
          }
          bucket[i] = r.nextInt(10);
          args.addAll(List.of(VecClient.b("r" + i), VecClient.b("VECTOR"), VecClient.blob(v, 0, 8),
              VecClient.b("NUMERIC"), VecClient.b("b=" + bucket[i])));
        }
        j.sendCommand(VecClient.cmd("VEC.ADD"), args.toArray(new byte[0][]));
        VecClient.send(j, "VEC.BUILD", T, "hf");
        for (int q = 0; q < 50; q++) {
          int want = r.nextInt(10);
          float[] v = {r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat(),
              r.nextFloat(), r.nextFloat()};
          List<String> ids = VecClient.ids(VecClient.send(j, "VEC.SEARCH", T, "hf", "TOPK", 10, "VECTOR",
              VecClient.blob(v, 0, 8), "FILTER", "b == " + want));
          assertEquals(10, ids.size(), "about 200 records match, so 10 hits are expected");
          for (String id : ids) {
            assertEquals(want, bucket[Integer.parseInt(id.substring(1))], "hit " + id + " fails b == " + want);
          }
        }
      } finally {
        VecClient.send(j, "VEC.DROP", T, "hf");
      }
    }
  }

  @Test
  void vertxRedisClientSearchesInRespThree(Vertx vertx, VertxTestContext test) {
    Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + node.respPort())
            .setPreferredProtocolVersion(ProtocolVersion.RESP3)).connect()
        .compose(conn -> conn.send(Request.cmd(Command.create("VEC.SEARCH")).arg(T).arg("colors").arg("TOPK").arg(1)
            .arg("VECTOR").arg("[0,0,1]")).onComplete(ar -> conn.close()))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertEquals("blue", reply.get(0).get(0).toString());
          assertTrue(reply.get(0).get(1).toDouble() > 0.99);
          test.completeNow();
        })));
  }
}
