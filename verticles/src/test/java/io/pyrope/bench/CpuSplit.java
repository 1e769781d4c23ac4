package io.pyrope.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a benchmark's CPU and heap allocation went over a measured interval, per item loaded:
 * the process' CPU time split by thread group (the Kafka broker's network and request threads,
 * the WAL producer, the node's event loops, workers and apply thread, the load generator), and
 * the bytes each group allocated on the Java heap. What the process used beyond its Java threads
 * is the JVM's own threads (garbage collector, JIT compilers) and native threads.
 *
 * <p>The benchmark's clients end before the report: each calls {@link #threadEnding()} last.
 */
final class CpuSplit {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  /** Groups under this share of the process' CPU are not printed. */
  private static final double MIN_PRINTED_SHARE = 0.005;

  private final long process0 = OS.getProcessCpuTime();
  private final long gc0 = gcMillis();
  private final Map<Long, long[]> thread0 = new HashMap<>(); // id -> {cpu ns, allocated bytes}
  private final AtomicLong endedCpu = new AtomicLong();
  private final AtomicLong endedAllocated = new AtomicLong();
  private double microsPerItem = Double.NaN; // the process' CPU per item, once reported

  private CpuSplit() {
    for (long id : THREADS.getAllThreadIds()) {
      thread0.put(id, new long[] {Math.max(0, THREADS.getThreadCpuTime(id)), Math.max(0, THREADS.getThreadAllocatedBytes(id))});
    }
  }

  static CpuSplit start() {
    return new CpuSplit();
  }

  /** Counts the CPU and allocation of a client thread that ends before {@link #report}. */
  void threadEnding() {
    endedCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
    endedAllocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes());
  }

  /**
   * One line: CPU microseconds per item (process, then by thread group, largest first), heap
   * kilobytes allocated per item by group, and the share of the interval spent in GC pauses.
   */
  String report(long wallNanos, long items) {
    long process = OS.getProcessCpuTime() - process0;
    microsPerItem = process / 1e3 / items;
    Map<String, long[]> groups = new LinkedHashMap<>();
    long threadCpu = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long id = info.getThreadId();
      long cpu = THREADS.getThreadCpuTime(id);
      long allocated = THREADS.getThreadAllocatedBytes(id);
      if (cpu < 0 || allocated < 0) {
        continue; // ended meanwhile
      }
      long[] before = thread0.getOrDefault(id, new long[2]);
      long[] sum = groups.computeIfAbsent(group(info.getThreadName()), g -> new long[2]);
      sum[0] += cpu - before[0];
      sum[1] += allocated - before[1];
      threadCpu += cpu - before[0];
    }
    groups.put("client", new long[] {endedCpu.get(), endedAllocated.get()});
    threadCpu += endedCpu.get();
    groups.put("jvm+native", new long[] {Math.max(0, process - threadCpu), 0});

    StringBuilder out = new StringBuilder(String.format("cpu %.2f us/item (%.2f cores):",
        process / 1e3 / items, process / (double) wallNanos));
    groups.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .filter(e -> e.getValue()[0] >= process * MIN_PRINTED_SHARE)
        .forEach(e -> out.append(String.format(" %s %.2f", e.getKey(), e.getValue()[0] / 1e3 / items)));
    long allocated = groups.values().stream().mapToLong(v -> v[1]).sum();
    out.append(String.format(" | heap %.1f KB/item:", allocated / 1e3 / items));
    groups.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .filter(e -> e.getValue()[1] >= allocated * 0.02)
        .forEach(e -> out.append(String.format(" %s %.1f", e.getKey(), e.getValue()[1] / 1e3 / items)));
    out.append(String.format(" | gc pauses %.0f%%", (gcMillis() - gc0) * 1e8 / wallNanos));
    return out.toString();
  }

  /** The process' CPU microseconds per item of the last {@link #report}. */
  double microsPerItem() {
    return microsPerItem;
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
  }

  /** A thread's group: its name without a trailing number, or a short name for Kafka's and Vert.x's. */
  private static String group(String name) {
    if (name.startsWith("data-plane-kafka-request-handler")) {
      return "broker-io";
    }
    if (name.startsWith("data-plane-kafka-network-thread")) {
      return "broker-net";
    }
    if (name.startsWith("kafka-producer-network-thread")) {
      return "producer";
    }
    if (name.startsWith("vert.x-eventloop")) {
      return "eventloop";
    }
    int dash = name.lastIndexOf('-');
    return dash > 0 && name.substring(dash + 1).chars().allMatch(Character::isDigit) ? name.substring(0, dash) : name;
  }
}
