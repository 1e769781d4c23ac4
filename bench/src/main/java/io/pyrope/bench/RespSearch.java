package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.dataset.Recall;
import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a query file against a node over RESP: {@code concurrency} client threads, each with its
 * own connection, each keeping {@code pipeline} VEC.SEARCH requests in flight (sent together,
 * replies read in order). Queries are handed out in file order from one shared counter, cycling
 * over the file, so every connection runs a mix of all of them.
 *
 * <p><b>Latency</b> of a request is from just before its batch was written to the moment its
 * reply was parsed: with {@code pipeline 1} the plain round trip a client sees, with a
 * pipeline the time it waited in its batch too. <b>QPS</b> is completed searches over the wall
 * time from the start barrier to the last reply. <b>Recall</b> uses each query's first timed
 * answer (sequence numbers {@code 0 .. nq-1}), so every query counts once.
 *
 * <p>Requests are fully prepared (vector blob, params words) before timing: the client's own
 * encoding is not part of the measurement, the network stack and Jedis's reply parsing are.
 */
public final class RespSearch {
  private final String host;
  private final int port;
  private final Specs.IndexName index;
  private final FloatDataset queries;
  private final IntDataset truth;   // null: no recall
  private final int k;
  private final byte[][] blobs;     // queries as LE fp32, prepared once

  public RespSearch(String host, int port, Specs.IndexName index, FloatDataset queries, IntDataset truth, int k) {
    this.host = host;
    this.port = port;
    this.index = index;
    this.queries = queries;
    this.truth = truth;
    this.k = k;
    this.blobs = new byte[queries.n()][];
    for (int q = 0; q < queries.n(); q++) {
      blobs[q] = RespClient.blob(queries.data(), q * queries.dim(), queries.dim());
    }
  }

  /** Measures one configuration. */
  public SearchResult run(String label, SearchParams params, int concurrency, int pipeline, Plan plan,
      boolean quiet) {
    return run(label, params, concurrency, pipeline, plan, quiet, () -> { });
  }

  /** As above; {@code beforeTimed} runs between the warm-up and the timed phase (e.g. a metrics scrape). */
  public SearchResult run(String label, SearchParams params, int concurrency, int pipeline, Plan plan,
      boolean quiet, Runnable beforeTimed) {
    int nq = queries.n();
    List<String> words = Specs.paramWords(params);
    byte[][][] args = new byte[nq][][];
    for (int q = 0; q < nq; q++) {
      args[q] = RespClient.searchArgs(index, k, blobs[q], words);
    }
    List<RespClient> clients = new ArrayList<>(concurrency);
    try {
      for (int c = 0; c < concurrency; c++) {
        clients.add(RespClient.connect(host, port));
      }
      if (plan.warmupPasses() > 0) {
        Phase warm = new Phase(args, (long) plan.warmupPasses() * nq, 0, pipeline, null);
        warm.run(clients, Progress.start("warm-up " + label, warm.total, quiet));
      }
      beforeTimed.run();
      long[] labels = new long[nq * k];
      Arrays.fill(labels, -1);
      long total = plan.timed() ? Long.MAX_VALUE : (long) plan.repeat() * nq;
      long deadline = plan.timed() ? (long) (plan.seconds() * 1e9) : 0;
      Phase timed = new Phase(args, total, deadline, pipeline, labels);
      timed.run(clients, Progress.start(label, plan.timed() ? 0 : total, quiet));
      Double recall = null;
      int answered = (int) Math.min(nq, timed.done.get());
      if (truth != null && answered > 0) {
        recall = Recall.atK(Arrays.copyOf(labels, answered * k), truth, k);
      }
      return new SearchResult(label, "resp", params, k, concurrency, pipeline, timed.done.get(), timed.wallNanos / 1e9,
          timed.latencies.summarize(), recall);
    } finally {
      clients.forEach(RespClient::close);
    }
  }

  /** One measured (or warm-up) phase across all client threads. */
  private final class Phase {
    final byte[][][] args;           // prepared requests, by query
    final long total;                // requests to run, or Long.MAX_VALUE until the deadline
    final long durationNanos;        // > 0: stop claiming after this long
    final int pipeline;
    final long[] labels;             // null in warm-up; first-pass answers otherwise
    final AtomicLong next = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    volatile boolean stop;           // a client failed: the others stop at their next batch
    final Latencies latencies = new Latencies();
    long wallNanos;

    Phase(byte[][][] args, long total, long durationNanos, int pipeline, long[] labels) {
      this.args = args;
      this.total = total;
      this.durationNanos = durationNanos;
      this.pipeline = pipeline;
      this.labels = labels;
    }

    void run(List<RespClient> clients, Progress progress) {
      int n = clients.size();
      CyclicBarrier barrier = new CyclicBarrier(n + 1);
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>(n);
      List<Latencies> perThread = new ArrayList<>(n);
      long[] startBox = new long[1];
      for (int c = 0; c < n; c++) {
        RespClient client = clients.get(c);
        Latencies mine = new Latencies();
        perThread.add(mine);
        Thread t = new Thread(() -> {
          try {
            barrier.await();
            loop(client, mine, startBox[0], progress);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            stop = true;
          } catch (Exception e) {
            failure.compareAndSet(null, new IllegalStateException(e));
            stop = true;
          }
        }, "bench-client-" + c);
        t.setDaemon(true);
        threads.add(t);
      }
      threads.forEach(Thread::start);
      try {
        startBox[0] = System.nanoTime();
        barrier.await();
        for (Thread t : threads) {
          t.join();
        }
      } catch (Exception e) {
        throw new IllegalStateException("interrupted while measuring", e);
      }
      wallNanos = System.nanoTime() - startBox[0];
      progress.done();
      if (failure.get() != null) {
        throw failure.get();
      }
      perThread.forEach(latencies::merge);
    }

    private void loop(RespClient client, Latencies mine, long start, Progress progress) {
      int nq = args.length;
      long[] seqs = new long[pipeline];
      while (true) {
        if (stop || durationNanos > 0 && System.nanoTime() - start >= durationNanos) {
          return;
        }
        long first = next.getAndAdd(pipeline);
        if (first >= total) {
          return;
        }
        int batch = (int) Math.min(pipeline, total - first);
        long t0 = System.nanoTime();
        for (int i = 0; i < batch; i++) {
          seqs[i] = first + i;
          client.sendSearch(args[(int) (seqs[i] % nq)]);
        }
        for (int i = 0; i < batch; i++) {
          int q = (int) (seqs[i] % nq);
          if (labels != null && seqs[i] < nq) {
            client.readHits(labels, q * k, k);
          } else {
            client.readHits(scratch(), 0, k);
          }
          mine.record(System.nanoTime() - t0);
        }
        progress.update(done.addAndGet(batch));
      }
    }
  }

  /** Per-thread throwaway label buffer for answers that do not count for recall. */
  private long[] scratch() {
    long[] s = SCRATCH.get();
    if (s.length < k) {
      s = new long[k];
      SCRATCH.set(s);
    }
    return s;
  }

  private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[0]);
}
