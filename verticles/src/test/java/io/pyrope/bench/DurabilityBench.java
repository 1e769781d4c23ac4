package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.VectorFiles;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.testing.TempDirs;
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
import redis.clients.jedis.Connection;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Bulk-load throughput over RESP with durable writes (WAL on) against {@code wal.enabled=false},
 * in one run (docs/benchmarks/durability.md). Not a JUnit test: run it by hand.
 *
 * <pre>
 * java -cp … io.pyrope.bench.DurabilityBench [fvecs] [connections] [batch] [runs] [factory]
 * </pre>
 * One node per mode (embedded broker, temporary data dir) runs for the whole bench; each run
 * creates a cosine index on it, loads every vector with pipelined variadic VEC.ADD from {@code connections} connections
 * (each keeps {@code PIPELINE} commands in flight, sending the next as soon as one answers);
 * the rate is vectors acknowledged per second, first send to last reply. After each load a line
 * gives the process' CPU and heap allocation per vector by thread group ({@link CpuSplit}).
 *
 * <p>System properties: {@code bench.warmups} (untimed whole loads per mode, default
 * {@value #DEFAULT_WARMUP_LOADS}); {@code bench.kafka} (host:port of a broker both nodes use
 * instead of embedding one, e.g. a {@link BenchBroker} pinned to other cores).
 */
public final class DurabilityBench {
  /** Batches one connection keeps in flight. */
  private static final int PIPELINE = 4;
  /**
   * Untimed loads of the whole dataset per mode before measuring, so that both paths (the durable
   * one runs the broker's and the producer's code too) are JIT-compiled: with one 10,000-row
   * warm-up the compiler threads still took 44% of the CPU during the timed runs.
   */
  private static final int DEFAULT_WARMUP_LOADS = 3;
  private static final int WARMUP_LOADS = Integer.getInteger("bench.warmups", DEFAULT_WARMUP_LOADS);
  private static final ProtocolCommand VEC_ADD = () -> "VEC.ADD".getBytes(StandardCharsets.US_ASCII);

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
    // One node per mode, started once and kept running: a bulk load hits a running node, not one
    // whose broker is still settling after start-up (metadata publishing, JIT of start-up code).
    Path durableDir = Files.createTempDirectory("pyrope-durability-bench");
    Path memoryDir = Files.createTempDirectory("pyrope-durability-bench");
    try (PyropeNode durableNode = start(durableDir, true); PyropeNode memoryNode = start(memoryDir, false)) {
      int[] index = {0};
      for (int w = 0; w < WARMUP_LOADS; w++) { // JIT warm-up, both paths, not counted
        System.out.printf("warm-up %d: durable %.0f, wal.enabled=false %.0f vectors/s%n", w + 1,
            load(durableNode, "w" + index[0]++, data, connections, batch, factory, new ArrayList<>()),
            load(memoryNode, "w" + index[0]++, data, connections, batch, factory, new ArrayList<>()));
      }
      List<Double> durable = new ArrayList<>();
      List<Double> memory = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> durableCpu = new ArrayList<>();
      List<Double> memoryCpu = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        boolean[] order = r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}; // alternate
        double[] pair = new double[2];
        for (boolean wal : order) {
          double rate = load(wal ? durableNode : memoryNode, "r" + index[0]++, data, connections, batch, factory,
              wal ? durableCpu : memoryCpu);
          (wal ? durable : memory).add(rate);
          pair[wal ? 0 : 1] = rate;
          System.out.printf("run %d wal.enabled=%s: %.0f vectors/s%n", r + 1, wal, rate);
        }
        ratios.add(pair[0] / pair[1]);
      }
      double d = median(durable);
      double m = median(memory);
      System.out.printf("median: durable %.0f vectors/s, wal.enabled=false %.0f vectors/s, ratio %.2f; "
          + "median of the runs' own ratios %.2f%n", d, m, d / m, median(ratios));
      // The process is CPU-bound in both modes on a small machine: CPU per vector explains the ratio.
      System.out.printf("median CPU per vector: durable %.2f us, wal.enabled=false %.2f us (ratio %.2f)%n",
          median(durableCpu), median(memoryCpu), median(memoryCpu) / median(durableCpu));
    } finally {
      TempDirs.deleteTree(durableDir);
      TempDirs.deleteTree(memoryDir);
    }
    System.exit(0);
  }

  private static PyropeNode start(Path dir, boolean wal) {
    // -Dbench.kafka=host:port: both nodes use that broker (e.g. one in a process of its own,
    // pinned to other cores) instead of each embedding one.
    String kafka = System.getProperty("bench.kafka");
    return PyropeNode.start(ConfigLoader.load(List.of("--data.dir=" + dir, "--resp.port=0", "--http.port=0",
        kafka == null ? "--kafka.embedded.port=0" : "--kafka.bootstrap=" + kafka, "--wal.enabled=" + wal,
        "--log.level=warn"), Map.of()));
  }

  /** Loads every vector into a new index {@code bench/<name>} of {@code node}, then drops it. */
  private static double load(PyropeNode node, String name, FloatDataset data, int connections, int batch,
      String factory, List<Double> cpuPerVector) throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      j.sendCommand(() -> b("VEC.CREATE"), b("bench"), b(name), b("DIM"), b(Integer.toString(data.dim())),
          b("METRIC"), b("cosine"), b("FACTORY"), b(factory));
    }
    // encode every batch first: the client's work is not what is measured
    List<byte[][]> batches = new ArrayList<>();
    for (int start = 0; start < data.n(); start += batch) {
      int end = Math.min(data.n(), start + batch);
      List<byte[]> a = new ArrayList<>(List.of(b("bench"), b(name)));
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
    CpuSplit cpu = CpuSplit.start();
    long t0 = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      // A sliding window: PIPELINE commands in flight, the next sent as soon as one answers (a
      // bulk loader that waited for a whole group of replies would leave the pipe half empty
      // for the durable path, whose replies take a Kafka round trip).
      Thread t = new Thread(() -> {
        try (Connection conn = new Connection("127.0.0.1", node.respPort())) {
          conn.setTimeoutInfinite();
          int inFlight = 0;
          while (true) {
            while (inFlight < PIPELINE) {
              int i = next.getAndIncrement();
              if (i >= batches.size()) {
                break;
              }
              conn.sendCommand(VEC_ADD, batches.get(i));
              inFlight++;
            }
            if (inFlight == 0) {
              return;
            }
            loaded.addAndGet(((Long) conn.getOne()).intValue()); // flushes what was sent, then reads
            inFlight--;
          }
        } finally {
          cpu.threadEnding();
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.println("  " + cpu.report(System.nanoTime() - t0, data.n()));
    cpuPerVector.add(cpu.microsPerItem());
    if (loaded.get() != data.n()) {
      throw new IllegalStateException("loaded " + loaded.get() + " of " + data.n());
    }
    try (Jedis j = new Jedis("127.0.0.1", node.respPort())) {
      j.sendCommand(() -> b("VEC.DROP"), b("bench"), b(name));
    }
    return data.n() / secs;
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
