package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import io.pyrope.bench.ConnectionThreads;
import io.pyrope.bench.Progress;
import io.pyrope.bench.RespClient;
import io.pyrope.bench.Specs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a stream against a node over RESP. Each search is {@code VEC.SEARCH … TOPK k VECTOR v
 * TRACE}, timed from send to parsed reply; unless verification is off, it is followed by the
 * same search with {@code CACHE_HINT bypass} (untimed) for the exact answer. A write is
 * {@code VEC.ADD tenant index <id> VECTOR v} of a new id ({@link #WRITE_ID_BASE} + write number).
 *
 * <p>Connections take the next item of the stream from one shared cursor, so with one connection
 * the node sees the stream in order, and with several it sees it nearly in order. The map from
 * cache key to the query whose miss stored it ({@code storedBy}) is shared; with several
 * connections a hit can race the admission it depends on and be judged UNKNOWN.
 */
public final class WorkloadRunner {
  /** Ids of the vectors written by the workload: far above any dataset row. */
  public static final long WRITE_ID_BASE = 10_000_000L;

  /**
   * @param vectors vector of each item (null for writes)
   * @param writeVectors the vectors writes add, cycled
   */
  public record Plan(List<StreamGenerator.Item> items, float[][] vectors, float[][] writeVectors) {}

  private final String host;
  private final int port;
  private final Specs.IndexName index;
  private final int k;
  private final List<String> paramWords;   // PARAMS words, or empty
  private final boolean verify;

  public WorkloadRunner(String host, int port, Specs.IndexName index, int k, List<String> paramWords, boolean verify) {
    this.host = host;
    this.port = port;
    this.index = index;
    this.k = k;
    this.paramWords = paramWords;
    this.verify = verify;
  }

  /** Runs the plan; returns one outcome per item (null for writes), in stream order. */
  public Outcome[] run(Plan plan, int connections, boolean quiet) {
    List<StreamGenerator.Item> items = plan.items();
    Outcome[] outcomes = new Outcome[items.size()];
    Map<String, Integer> storedBy = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Progress progress = Progress.start("workload", items.size(), quiet);
    long t0 = System.nanoTime();
    ConnectionThreads.run(host, port, connections, "bench-workload", "running the workload", progress,
        (client, failed) -> {
          while (!failed.getAsBoolean()) {
            int i = next.getAndIncrement();
            if (i >= items.size()) {
              break;
            }
            StreamGenerator.Item it = items.get(i);
            if (it.isSearch()) {
              outcomes[i] = search(client, i, plan.vectors()[i], storedBy, t0);
            } else {
              write(client, it.writeNo(), plan.writeVectors());
            }
            progress.update(done.incrementAndGet());
          }
        });
    return outcomes;
  }

  private Outcome search(RespClient client, int i, float[] vector, Map<String, Integer> storedBy, long t0) {
    byte[] blob = RespClient.blob(vector, 0, vector.length);
    byte[][] args = args(blob, false);
    long start = System.nanoTime();
    Object reply = client.execute("VEC.SEARCH", args);
    long latency = System.nanoTime() - start;
    if (!(reply instanceof List<?> pair) || pair.size() != 2 || !(pair.get(1) instanceof List<?> traceList)) {
      throw new BenchException("VEC.SEARCH … TRACE did not reply [hits, trace]: is the node older than TRACE?");
    }
    Map<String, Object> trace = TraceReply.parse(traceList);
    long[] served = ids(pair.get(0));
    String layer = TraceReply.text(trace, "layer");
    String decision = TraceReply.text(trace, "decision");
    String key = trace.get("key") instanceof String s ? s : null;
    long bytes = TraceReply.number(trace, "bytes");
    long cost = TraceReply.number(trace, "proxy_cost");
    int from = -1;
    if (!"none".equals(layer)) {
      Integer f = key == null ? null : storedBy.get(key);
      from = f == null ? -1 : f;
    } else if ("admitted".equals(decision) && key != null) {
      storedBy.put(key, i);
    }
    long[] exact = null;
    if (verify) {
      exact = ids(client.execute("VEC.SEARCH", args(blob, true)));
    }
    return new Outcome(i, start - t0, latency, layer, decision, key, bytes, cost, served, exact, from);
  }

  private byte[][] args(byte[] blob, boolean bypass) {
    List<byte[]> a = new ArrayList<>();
    a.add(b(index.tenant()));
    a.add(b(index.index()));
    a.add(b("TOPK"));
    a.add(b(Integer.toString(k)));
    a.add(b("VECTOR"));
    a.add(blob);
    if (!paramWords.isEmpty()) {
      a.add(b("PARAMS"));
      paramWords.forEach(w -> a.add(b(w)));
    }
    if (bypass) {
      a.add(b("CACHE_HINT"));
      a.add(b("bypass"));
    } else {
      a.add(b("TRACE"));
    }
    return a.toArray(new byte[0][]);
  }

  private void write(RespClient client, int writeNo, float[][] writeVectors) {
    float[] v = writeVectors[writeNo % writeVectors.length];
    Object r = client.execute("VEC.ADD", b(index.tenant()), b(index.index()), b(Long.toString(WRITE_ID_BASE + writeNo)),
        b("VECTOR"), RespClient.blob(v, 0, v.length));
    if (!(r instanceof Long)) {
      throw new BenchException("VEC.ADD replied " + r + " where a count was expected");
    }
  }

  /** Ids of a hits array as numbers; -1 where fewer than k came back, -2 for ids that are not numbers. */
  private long[] ids(Object hits) {
    if (!(hits instanceof List<?> list)) {
      throw new BenchException("VEC.SEARCH replied " + hits + " where a hits array was expected");
    }
    long[] out = new long[k];
    for (int j = 0; j < k; j++) {
      out[j] = -1;
      if (j < list.size() && list.get(j) instanceof List<?> hit && !hit.isEmpty() && hit.get(0) instanceof byte[] id) {
        try {
          out[j] = Long.parseLong(new String(id, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
          out[j] = -2;
        }
      }
    }
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
