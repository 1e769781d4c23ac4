package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The crash test: the node runs as a separate process (with its embedded broker and periodic
 * snapshots), concurrent pipelined writers record which writes were acknowledged, the process
 * is killed with SIGKILL at a random moment, and a node restarted on the same data dir must
 * hold every acknowledged write with its latest value, keep deleted ids deleted, and show each
 * unacknowledged batch entirely or not at all. Three rounds, different kill moments; each
 * round checks everything written so far.
 */
class CrashRecoveryTest {
  private static final int WRITERS = 4;
  private static final int WINDOW = 8;          // commands per pipeline flush
  private static final int ADD_BATCH = 10;      // ids per variadic VEC.ADD
  private static final int UPSERT_BATCH = 3;
  private static final int DEL_BATCH = 2;
  private static final int ROUNDS = 3;
  private static final long START_TIMEOUT_MS = 90_000;
  private static final int VERIFY_CHUNK = 200;  // VEC.GETs per pipeline flush (under the node's queue bound)

  /** One write as issued: its ids, and per id what it leaves (meta counter, or -1 for deleted). */
  private static final class Op {
    final List<String> ids = new ArrayList<>();
    final long value;           // the meta counter written, -1 for a delete
    volatile boolean acked;

    Op(long value) {
      this.value = value;
    }
  }

  /** Per id, the ops that touched it, in issue order (one connection per id: issue order is apply order). */
  private final Map<String, List<Op>> history = new ConcurrentHashMap<>();
  private final List<Op> allOps = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong counter = new AtomicLong(1);

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    Path dir = DurableNodes.newDataDir();
    System.out.println("crash test seed " + seed + ", data dir " + dir);
    Node node = Node.start(dir);
    current = node;
    try {
      crashRounds(node, dir, seed, rnd);
    } finally {
      current.kill(); // never leave a node process behind, even when an assertion failed
    }
  }

  private Node current;

  private void crashRounds(Node first, Path dir, long seed, Random rnd) throws Exception {
    Node node = first;
    try (Jedis j = node.client()) {
      VecClient.send(j, "VEC.CREATE", "crash", "docs", "DIM", 4, "METRIC", "l2", "FACTORY", "HNSW16",
          "PARAMS", "head_max=500");
    }
    List<Set<String>> pools = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      pools.add(new HashSet<>());
    }
    for (int round = 0; round < ROUNDS; round++) {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        int r = round;
        int port = node.port;
        Random wr = new Random(seed + 31L * round + w);
        Thread t = new Thread(() -> write(port, writer, r, pools.get(writer), wr, stop), "writer-" + w);
        t.start();
        threads.add(t);
      }
      long killAfter = 800 + rnd.nextInt(2200);
      Thread.sleep(killAfter);
      node.kill();
      stop.set(true);
      for (Thread t : threads) {
        t.join(30_000);
      }
      long acked = allOps.stream().filter(o -> o.acked).count();
      System.out.println("round " + round + ": killed after " + killAfter + " ms; " + allOps.size() + " ops issued, "
          + acked + " acknowledged");
      node = Node.start(dir);
      current = node;
      verify(node, pools);
    }
  }

  /** One writer: its own connection and ids, pipelined windows of ADD, UPSERT and DEL batches. */
  private void write(int port, int writer, int round, Set<String> pool, Random rnd, AtomicBoolean stop) {
    int next = 0;
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      while (!stop.get()) {
        Pipeline p = j.pipelined();
        List<Op> window = new ArrayList<>();
        List<Response<Object>> replies = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (int c = 0; c < WINDOW; c++) {
          int kind = pool.size() < 20 ? 0 : rnd.nextInt(10);
          List<byte[]> args = new ArrayList<>(List.of(b("crash"), b("docs")));
          Op op;
          String command;
          if (kind < 5) {
            command = "VEC.ADD";
            op = new Op(counter.getAndIncrement());
            for (int i = 0; i < ADD_BATCH; i++) {
              String id = "w" + writer + "-r" + round + "-" + next++;
              op.ids.add(id);
              addRecord(args, id, op.value);
            }
          } else if (kind < 8) {
            command = "VEC.UPSERT";
            op = new Op(counter.getAndIncrement());
            for (String id : pick(pool, touched, UPSERT_BATCH, rnd)) {
              op.ids.add(id);
              addRecord(args, id, op.value);
            }
          } else {
            command = "VEC.DEL";
            op = new Op(-1);
            for (String id : pick(pool, touched, DEL_BATCH, rnd)) {
              op.ids.add(id);
              args.add(b(id));
              pool.remove(id); // never touched again
            }
          }
          if (op.ids.isEmpty()) {
            continue;
          }
          touched.addAll(op.ids);
          for (String id : op.ids) {
            history.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(op);
          }
          allOps.add(op);
          window.add(op);
          replies.add(p.sendCommand(VecClient.cmd(command), args.toArray(new byte[0][])));
        }
        p.sync();
        for (int i = 0; i < window.size(); i++) {
          try {
            replies.get(i).get();
            Op op = window.get(i);
            op.acked = true;
            if (op.value >= 0) {
              pool.addAll(op.ids); // acknowledged: may be upserted or deleted later
            }
          } catch (RuntimeException e) {
            if (!stop.get()) {
              System.out.println("writer " + writer + ": " + e);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      // the node was killed mid-window: the window's ops stay unacknowledged
    }
  }

  private static List<String> pick(Set<String> pool, Set<String> touched, int n, Random rnd) {
    List<String> candidates = new ArrayList<>(pool);
    candidates.removeAll(touched);
    List<String> out = new ArrayList<>();
    while (out.size() < n && !candidates.isEmpty()) {
      out.add(candidates.remove(rnd.nextInt(candidates.size())));
    }
    return out;
  }

  private static void addRecord(List<byte[]> args, String id, long value) {
    args.add(b(id));
    args.add(b("VECTOR"));
    args.add(b("[" + value + "," + id.hashCode() % 1000 + ",1,2]"));
    args.add(b("META"));
    args.add(b("{\"n\":" + value + "}"));
  }

  /** Every id's state is one its acknowledged history allows; unacknowledged batches are all or nothing. */
  private void verify(Node node, List<Set<String>> pools) {
    List<String> ids = new ArrayList<>(history.keySet());
    Map<String, Long> observed = new HashMap<>();
    try (Jedis j = node.client()) {
      for (int from = 0; from < ids.size(); from += VERIFY_CHUNK) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + VERIFY_CHUNK));
        Pipeline p = j.pipelined();
        List<Response<Object>> rs = new ArrayList<>();
        for (String id : chunk) {
          rs.add(p.sendCommand(VecClient.cmd("VEC.GET"), b("crash"), b("docs"), b(id)));
        }
        p.sync();
        for (int i = 0; i < chunk.size(); i++) {
          try {
            observed.put(chunk.get(i), meta(rs.get(i).get()));
          } catch (RuntimeException e) {
            assertTrue(e.getMessage().startsWith("VEC_ERR_NOT_FOUND"), e.getMessage());
            observed.put(chunk.get(i), -1L);
          }
        }
      }
    }
    int checked = 0;
    for (String id : ids) {
      List<Op> ops = history.get(id);
      int lastAcked = -1;
      for (int i = 0; i < ops.size(); i++) {
        if (ops.get(i).acked) {
          lastAcked = i;
        }
      }
      Set<Long> allowed = new HashSet<>();
      if (lastAcked < 0) {
        allowed.add(-1L); // never acknowledged: absent is fine
      }
      for (int i = Math.max(0, lastAcked); i < ops.size(); i++) {
        allowed.add(ops.get(i).value);
      }
      long got = observed.get(id);
      if (!allowed.contains(got)) {
        fail(id + ": state " + got + " is not allowed by its history " + describe(ops));
      }
      checked++;
    }
    for (Op op : allOps) {
      if (op.acked) {
        continue;
      }
      Set<Boolean> applied = new HashSet<>();
      for (String id : op.ids) {
        List<Op> ops = history.get(id);
        boolean last = ops.get(ops.size() - 1) == op;
        if (last) {
          applied.add(observed.get(id) == op.value);
        }
      }
      assertTrue(applied.size() <= 1, "an unacknowledged batch is half applied: " + op.ids);
    }
    // the observed state is the new baseline: one acknowledged op per id
    history.clear();
    allOps.clear();
    for (Set<String> pool : pools) {
      pool.clear();
    }
    for (String id : ids) {
      long v = observed.get(id);
      Op base = new Op(v);
      base.ids.add(id);
      base.acked = true;
      history.put(id, java.util.Collections.synchronizedList(new ArrayList<>(List.of(base))));
      if (v >= 0) {
        pools.get(id.charAt(1) - '0').add(id);
      }
    }
    System.out.println("verified " + checked + " ids");
    assertEquals(ids.size(), checked);
  }

  private static String describe(List<Op> ops) {
    StringBuilder s = new StringBuilder();
    for (Op o : ops) {
      s.append(o.value).append(o.acked ? "(acked) " : "(unacked) ");
    }
    return s.toString();
  }

  /** The meta counter of a VEC.GET reply (RESP2 flat list). */
  @SuppressWarnings("unchecked")
  private static long meta(Object reply) {
    List<Object> flat = (List<Object>) reply;
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      if ("meta".equals(new String((byte[]) flat.get(i), StandardCharsets.UTF_8))) {
        String m = new String((byte[]) flat.get(i + 1), StandardCharsets.UTF_8);
        return Long.parseLong(m.substring(m.indexOf(':') + 1, m.indexOf('}')));
      }
    }
    throw new AssertionError("no meta in " + flat);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A node in a child JVM. */
  private static final class Node {
    final Process process;
    final int port;

    private Node(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Node start(Path dir) throws IOException, InterruptedException {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          "io.pyrope.node.Main", "--data.dir=" + dir, "--resp.port=" + port, "--http.port=0",
          "--kafka.embedded.port=0", "--snapshot.interval-s=1", "--snapshot.retain=2");
      Path log = dir.resolve("node-" + System.nanoTime() + ".log");
      Files.createDirectories(dir);
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process p = pb.start();
      long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
      while (System.currentTimeMillis() < deadline) {
        if (!p.isAlive()) {
          fail("node exited with " + p.exitValue() + "; see " + log);
        }
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
          if ("PONG".equals(j.ping())) {
            return new Node(p, port);
          }
        } catch (RuntimeException notYet) {
          Thread.sleep(200);
        }
      }
      p.destroyForcibly();
      fail("node did not answer PING within " + START_TIMEOUT_MS + " ms; see " + log);
      return null;
    }

    Jedis client() {
      return new Jedis("127.0.0.1", port, 60_000);
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL
      process.waitFor();
    }
  }
}
