package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.VectorFiles;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Bulk-load throughput over RESP with durable writes (WAL on) against {@code wal.enabled=false},
 * in one run (docs/benchmarks/durability.md). Not a JUnit test: run it by hand.
 *
 * <pre>
 * java -cp … io.pyrope.bench.DurabilityBench [fvecs] [connections] [batch] [runs] [factory]
 * </pre>
 * Each run starts a fresh node (embedded broker, temporary data dir), creates a cosine index,
 * and loads every vector with pipelined variadic VEC.ADD from {@code connections} connections
 * (each takes the next batch when its previous one answered, up to {@code PIPELINE} in flight);
 * the rate is vectors acknowledged per second, first send to last reply.
 */
public final class DurabilityBench {
  /** Batches one connection keeps in flight. */
  private static final int PIPELINE = 4;
  /** Vectors loaded once per mode before measuring, so both paths are JIT-compiled. */
  private static final int WARMUP_ROWS = 10_000;

  private DurabilityBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "../shared/data/qqp-minilm/qqp50k_minilm_base.fvecs");
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String factory = args.length > 4 ? args[4] : "Flat";
    FloatDataset data = VectorFiles.readFvecs(file);
    System.out.printf("dataset %s: %d x %d; %d connections, %d vectors per VEC.ADD, %d in flight per connection, "
        + "factory %s, %d cores%n", file.getFileName(), data.n(), data.dim(), connections, batch, PIPELINE, factory,
        Runtime.getRuntime().availableProcessors());
    FloatDataset warm = new FloatDataset(WARMUP_ROWS, data.dim(), java.util.Arrays.copyOf(data.data(),
        WARMUP_ROWS * data.dim()));
    run(warm, true, connections, batch, factory); // JIT warm-up, both paths, not counted
    run(warm, false, connections, batch, factory);
    List<Double> durable = new ArrayList<>();
    List<Double> memory = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      boolean[] order = r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}; // alternate
      for (boolean wal : order) {
        double rate = run(data, wal, connections, batch, factory);
        (wal ? durable : memory).add(rate);
        System.out.printf("run %d wal.enabled=%s: %.0f vectors/s%n", r + 1, wal, rate);
      }
    }
    double d = median(durable);
    double m = median(memory);
    System.out.printf("median: durable %.0f vectors/s, wal.enabled=false %.0f vectors/s, ratio %.2f%n", d, m, d / m);
    System.exit(0);
  }

  private static double run(FloatDataset data, boolean wal, int connections, int batch, String factory)
      throws Exception {
    Path dir = Files.createTempDirectory("pyrope-bench");
    List<String> flags = List.of("--data.dir=" + dir, "--resp.port=0", "--http.port=0", "--kafka.embedded.port=0",
        "--wal.enabled=" + wal, "--log.level=warn");
    try (PyropeNode node = PyropeNode.start(ConfigLoader.load(flags, Map.of()))) {
      try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
        j.sendCommand(() -> b("VEC.CREATE"), b("bench"), b("qqp"), b("DIM"), b(Integer.toString(data.dim())),
            b("METRIC"), b("cosine"), b("FACTORY"), b(factory));
      }
      // encode every batch first: the client's work is not what is measured
      List<byte[][]> batches = new ArrayList<>();
      for (int start = 0; start < data.n(); start += batch) {
        int end = Math.min(data.n(), start + batch);
        List<byte[]> a = new ArrayList<>(List.of(b("bench"), b("qqp")));
        for (int i = start; i < end; i++) {
          a.add(b(Integer.toString(i)));
          a.add(b("VECTOR"));
          a.add(blob(data.data(), i * data.dim(), data.dim()));
        }
        batches.add(a.toArray(new byte[0][]));
      }
      AtomicInteger next = new AtomicInteger();
      AtomicInteger loaded = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int c = 0; c < connections; c++) {
        Thread t = new Thread(() -> {
          try (Jedis j = new Jedis("127.0.0.1", node.respPort(), 120_000)) {
            while (true) {
              Pipeline p = j.pipelined();
              List<Response<Object>> rs = new ArrayList<>();
              for (int k = 0; k < PIPELINE; k++) {
                int i = next.getAndIncrement();
                if (i >= batches.size()) {
                  break;
                }
                rs.add(p.sendCommand(() -> b("VEC.ADD"), batches.get(i)));
              }
              if (rs.isEmpty()) {
                return;
              }
              p.sync();
              for (Response<Object> r : rs) {
                loaded.addAndGet(((Long) r.get()).intValue());
              }
            }
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      if (loaded.get() != data.n()) {
        throw new IllegalStateException("loaded " + loaded.get() + " of " + data.n());
      }
      return data.n() / secs;
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    java.util.Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] blob(float[] v, int off, int dim) {
    ByteBuffer bb = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v, off, dim);
    return bb.array();
  }
}
