package io.pyrope.it;

import static io.pyrope.it.VecClient.b;
import static io.pyrope.it.VecClient.cmd;
import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One connection's pipelined data writes (VEC.ADD, VEC.UPSERT, VEC.DEL) are in flight together
 * but keep the connection's order: they apply in request order, each gets its own reply (error
 * included) in its place, and a read after them sees all of them — with durable writes (the WAL,
 * the shared node's default) and with {@code wal.enabled=false}. Every pipeline here is sent in
 * one go and read at the end, so the node has many of them at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinedWritesTest {
  private static final AtomicInteger INDEXES = new AtomicInteger();

  private PyropeNode inMemory; // wal.enabled=false, started on first use

  @AfterAll
  void stop() {
    if (inMemory != null) {
      inMemory.close();
    }
  }

  private synchronized PyropeNode node(boolean durable) {
    if (durable) {
      return TestNodes.shared();
    }
    if (inMemory == null) {
      inMemory = TestNodes.start("--wal.enabled=false");
    }
    return inMemory;
  }

  /** A fresh index of dimension 2 (l2) on the node; returns its name. */
  private static String newIndex(Jedis j) {
    String index = "pipe" + INDEXES.incrementAndGet();
    assertEquals("OK", str(send(j, "VEC.CREATE", "pipe", index, "DIM", 2, "METRIC", "l2")));
    return index;
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {true, false})
  void upsertsOfOneIdApplyInRequestOrder(boolean durable) {
    int n = 300;
    try (Jedis j = new Jedis("127.0.0.1", node(durable).respPort(), 60_000)) {
      String index = newIndex(j);
      Pipeline p = j.pipelined();
      List<Response<Object>> replies = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        replies.add(p.sendCommand(cmd("VEC.UPSERT"), b("pipe"), b(index), b("x"), b("VECTOR"), b("[" + i + ",0]"),
            b("META"), b("{\"i\":" + i + "}")));
      }
      Response<Object> last = p.sendCommand(cmd("VEC.GET"), b("pipe"), b(index), b("x"));
      p.sync();
      for (Response<Object> r : replies) {
        assertEquals(1L, r.get());
      }
      Map<String, Object> x = fields(last.get());
      assertEquals("{\"i\":" + n + "}", x.get("meta"));
      assertEquals((long) n, x.get("version"), "every upsert applied once");
    }
  }

  /**
   * ADD, ADD again, DEL, DEL again, ADD, UPSERT, DEL, ADD of each id, the ids' sequences
   * interleaved: every reply is what running the commands one at a time gives — an ADD after a
   * DEL of the same id succeeds, a second ADD fails with VEC_ERR_EXISTS, a DEL counts what existed.
   */
  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {true, false})
  void interleavedAddsAndDeletesOfTheSameIdsGiveTheSequentialReplies(boolean durable) {
    int ids = 20;
    String[] ops = {"ADD", "ADD", "DEL", "DEL", "ADD", "UPSERT", "DEL", "ADD"};
    Object[] expected = {1L, "VEC_ERR_EXISTS", 1L, 0L, 1L, 1L, 1L, 1L};
    try (Jedis j = new Jedis("127.0.0.1", node(durable).respPort(), 60_000)) {
      String index = newIndex(j);
      Pipeline p = j.pipelined();
      List<Response<Object>> replies = new ArrayList<>();
      for (int step = 0; step < ops.length; step++) {
        for (int k = 0; k < ids; k++) {
          String id = "id" + k;
          replies.add(switch (ops[step]) {
            case "DEL" -> p.sendCommand(cmd("VEC.DEL"), b("pipe"), b(index), b(id));
            default -> p.sendCommand(cmd("VEC." + ops[step]), b("pipe"), b(index), b(id), b("VECTOR"),
                b("[" + step + "," + k + "]"));
          });
        }
      }
      Response<Object> search = p.sendCommand(cmd("VEC.SEARCH"), b("pipe"), b(index), b("TOPK"), b("100"),
          b("VECTOR"), b("[0,0]"));
      p.sync();
      for (int step = 0; step < ops.length; step++) {
        for (int k = 0; k < ids; k++) {
          Response<Object> r = replies.get(step * ids + k);
          String what = ops[step] + " #" + step + " of id" + k;
          if (expected[step] instanceof String code) {
            JedisDataException e = assertInstanceOf(JedisDataException.class, caught(r), what);
            assertTrue(e.getMessage().startsWith(code), what + ": " + e.getMessage());
          } else {
            assertEquals(expected[step], r.get(), what);
          }
        }
      }
      Set<String> found = new HashSet<>(VecClient.ids(search.get()));
      Set<String> all = new HashSet<>();
      for (int k = 0; k < ids; k++) {
        all.add("id" + k);
      }
      assertEquals(all, found, "every id ends added");
      Map<String, Object> id3 = WalRestartTest.record(j, "pipe", index, "id3");
      assertEquals(1L, id3.get("version"), "the last ADD made a fresh record");
    }
  }

  /**
   * DEL then ADD of ids that exist, back to back: the ADD must not be judged against the index
   * before the DEL just ahead of it is applied (it would fail with VEC_ERR_EXISTS).
   */
  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {true, false})
  void anAddRightAfterTheDeleteOfItsIdSucceeds(boolean durable) {
    int ids = 50;
    try (Jedis j = new Jedis("127.0.0.1", node(durable).respPort(), 60_000)) {
      String index = newIndex(j);
      for (int k = 0; k < ids; k++) {
        assertEquals(1L, send(j, "VEC.ADD", "pipe", index, "id" + k, "VECTOR", "[0," + k + "]"));
      }
      Pipeline p = j.pipelined();
      List<Response<Object>> replies = new ArrayList<>();
      for (int k = 0; k < ids; k++) {
        replies.add(p.sendCommand(cmd("VEC.DEL"), b("pipe"), b(index), b("id" + k)));
        replies.add(p.sendCommand(cmd("VEC.ADD"), b("pipe"), b(index), b("id" + k), b("VECTOR"), b("[1," + k + "]")));
      }
      p.sync();
      for (int i = 0; i < replies.size(); i++) {
        assertEquals(1L, replies.get(i).get(), (i % 2 == 0 ? "DEL" : "ADD") + " of id" + (i / 2));
      }
      for (int k = 0; k < ids; k += 7) {
        Map<String, Object> r = WalRestartTest.record(j, "pipe", index, "id" + k);
        assertEquals(1L, r.get("version"), "id" + k + " was added again after its delete");
      }
    }
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {true, false})
  void aSearchAfterAPipelinedBurstSeesEveryWrite(boolean durable) {
    int commands = 40;
    int perCommand = 10;
    try (Jedis j = new Jedis("127.0.0.1", node(durable).respPort(), 60_000)) {
      String index = newIndex(j);
      Pipeline p = j.pipelined();
      List<Response<Object>> adds = new ArrayList<>();
      for (int c = 0; c < commands; c++) {
        List<byte[]> args = new ArrayList<>(List.of(b("pipe"), b(index)));
        for (int i = 0; i < perCommand; i++) {
          int v = c * perCommand + i;
          args.addAll(List.of(b("v" + v), b("VECTOR"), b("[" + v + ",1]")));
        }
        adds.add(p.sendCommand(cmd("VEC.ADD"), args.toArray(new byte[0][])));
      }
      Response<Object> search = p.sendCommand(cmd("VEC.SEARCH"), b("pipe"), b(index), b("TOPK"),
          b(Integer.toString(commands * perCommand)), b("VECTOR"), b("[0,1]"));
      p.sync();
      for (Response<Object> r : adds) {
        assertEquals((long) perCommand, r.get());
      }
      List<String> found = VecClient.ids(search.get());
      assertEquals(commands * perCommand, found.size(), "the search saw every write before it");
      assertEquals("v0", found.get(0));
    }
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {true, false})
  void aFailingWriteInTheMiddleGetsItsErrorInPlaceAndTheOthersApply(boolean durable) {
    try (Jedis j = new Jedis("127.0.0.1", node(durable).respPort(), 60_000)) {
      String index = newIndex(j);
      Pipeline p = j.pipelined();
      List<Response<Object>> r = new ArrayList<>();
      r.add(p.sendCommand(cmd("VEC.ADD"), b("pipe"), b(index), b("a"), b("VECTOR"), b("[1,0]"), b("b"), b("VECTOR"),
          b("[0,1]")));
      r.add(p.sendCommand(cmd("VEC.ADD"), b("pipe"), b(index), b("c"), b("VECTOR"), b("[1,2,3]"))); // wrong dim
      r.add(p.sendCommand(cmd("VEC.UPSERT"), b("pipe"), b(index), b("a"), b("VECTOR"), b("[2,0]"), b("META"),
          b("{\"v\":2}")));
      r.add(p.sendCommand(cmd("VEC.ADD"), b("pipe"), b(index), b("d"), b("VECTOR"), b("[1,1]"), b("d"), b("VECTOR"),
          b("[1,1]"))); // the same id twice in one batch: nothing of it applies
      r.add(p.sendCommand(cmd("VEC.UPSERT"), b("pipe"), b(index), b("e"), b("VECTOR"), b("[1,1]"), b("BOGUS"),
          b("x"))); // unknown option: refused while parsing, never sent
      r.add(p.sendCommand(cmd("VEC.DEL"), b("pipe"), b(index), b("b")));
      r.add(p.sendCommand(cmd("VEC.ADD"), b("pipe"), b("nosuchindex"), b("f"), b("VECTOR"), b("[1,1]")));
      r.add(p.sendCommand(cmd("VEC.ADD"), b("pipe"), b(index), b("g"), b("VECTOR"), b("[3,3]")));
      Response<Object> search = p.sendCommand(cmd("VEC.SEARCH"), b("pipe"), b(index), b("TOPK"), b("10"),
          b("VECTOR"), b("[0,0]"));
      p.sync();
      assertEquals(2L, r.get(0).get());
      assertError(r.get(1), "VEC_ERR_DIM");
      assertEquals(1L, r.get(2).get());
      assertError(r.get(3), "VEC_ERR_EXISTS");
      assertError(r.get(4), "VEC_ERR_SYNTAX");
      assertEquals(1L, r.get(5).get());
      assertError(r.get(6), "VEC_ERR_NOT_FOUND");
      assertEquals(1L, r.get(7).get());
      assertEquals(Set.of("a", "g"), new HashSet<>(VecClient.ids(search.get())));
      assertEquals("{\"v\":2}", WalRestartTest.record(j, "pipe", index, "a").get("meta"));
    }
  }

  private static void assertError(Response<Object> r, String code) {
    JedisDataException e = assertInstanceOf(JedisDataException.class, caught(r), "expected " + code);
    assertTrue(e.getMessage().startsWith(code), "expected " + code + ", got " + e.getMessage());
  }

  private static Throwable caught(Response<Object> r) {
    try {
      return new AssertionError("no error, got " + r.get());
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** VEC.GET in RESP2: a flat list of field, value. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(Object reply) {
    List<Object> flat = (List<Object>) reply;
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      Object v = flat.get(i + 1);
      m.put(str(flat.get(i)), v instanceof byte[] ? str(v) : v);
    }
    return m;
  }

  private static String str(Object o) {
    return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
