package io.pyrope.ai.controller;

import io.pyrope.ai.sim.HeuristicSettings;
import io.pyrope.ai.sim.LiveTable;
import io.pyrope.ai.sim.Policies;
import io.pyrope.ai.sim.Progress;
import io.pyrope.ai.sim.RunResult;
import io.pyrope.ai.sim.SimReport;
import io.pyrope.ai.sim.Simulator;
import io.pyrope.ai.sim.Trace;
import io.pyrope.ai.sim.TraceFormatException;
import io.pyrope.ai.sim.TraceRecord;
import io.pyrope.ai.sim.TtlPolicy;
import io.pyrope.bus.Topics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulator evaluations, every {@code --evaluate-ms}: for each tenant/index with a trace under the
 * data dir, replays its newest records against every policy at three cache sizes and publishes the
 * report on {@code pyrope.policy} under {@code evaluation/<tenant>/<index>} (what a node serves on
 * {@code GET /v1/ai/evaluations}), and writes it to {@code <data-dir>/evaluations/<tenant>/<index>.json}.
 *
 * <ul>
 *   <li><b>Which records.</b> The newest {@value #MAX_RECORDS} records of the index's trace files
 *       ({@link TraceTail}); an index with fewer than {@value #MIN_SEARCHES} searches there is
 *       skipped (too little to compare policies on). An index whose files have not changed since its
 *       last published evaluation is skipped too: the compacted topic still holds that report.
 *   <li><b>Policies.</b> All of {@link Policies#ALL}: lru, lfu, s3fifo, ttl (the node's default
 *       TTL), live (the table this controller publishes now; the node's defaults before the
 *       first), heuristic (replayed closed-loop with this controller's cadence, window and key
 *       limit), belady, belady-cost.
 *   <li><b>Sizes.</b> {@link #SIZE_SHARES} (1%, 5%, 20%) of the working set: the sum of the entry
 *       sizes of the distinct keys in the evaluated records, each at least {@value #MIN_CACHE_BYTES}
 *       bytes (duplicates dropped). Shares, not the node's budget, so that the three sizes span small
 *       to comfortable for every index whatever its traffic; the node's budget is shared by all indexes.
 * </ul>
 *
 * <p><b>Threading.</b> Runs on its own thread ("pyrope-ai-evaluate", low priority), never on the
 * consumer's or the policy cadence's: an evaluation of 200,000 records takes seconds to a minute and
 * must not delay a table. It reads the published table through a volatile and shares only the
 * thread-safe producer and counters. {@link #stop} makes a running round end after the current
 * replay.
 */
final class EvaluationCadence implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationCadence.class);
  /** Most trace records one evaluation replays (the newest ones): bounds its memory and time. */
  static final int MAX_RECORDS = 200_000;
  /** Fewest searches in an index's trace before it is evaluated. */
  static final long MIN_SEARCHES = 500;
  /** Cache sizes, as shares of the index's working set. */
  static final List<Double> SIZE_SHARES = List.of(0.01, 0.05, 0.20);
  /** Smallest cache size evaluated: a few entries. */
  static final long MIN_CACHE_BYTES = 4096;
  /** Record key prefix of evaluations on pyrope.policy. */
  static final String KEY_PREFIX = "evaluation/";
  /** Directory under the data dir the reports are written to. */
  static final String DIR = "evaluations";

  private final String controllerId;
  private final Path dataDir;
  private final HeuristicSettings heuristic;
  private final Supplier<JsonObject> publishedTable;
  private final java.util.function.LongSupplier publishedSequence;
  private final Producer<byte[], byte[]> producer;
  private final BooleanSupplier mayPublish;
  private final ControllerStats stats;
  private final Clock clock;
  private final Map<Path, String> evaluated = new HashMap<>();  // trace dir → file signature last published
  private final Set<Path> failing = new HashSet<>();            // trace dirs whose last attempt failed
  private volatile boolean stopping;

  EvaluationCadence(String controllerId, Path dataDir, HeuristicSettings heuristic,
      Supplier<JsonObject> publishedTable, java.util.function.LongSupplier publishedSequence,
      Producer<byte[], byte[]> producer, BooleanSupplier mayPublish, ControllerStats stats, Clock clock) {
    this.controllerId = controllerId;
    this.dataDir = dataDir;
    this.heuristic = heuristic;
    this.publishedTable = publishedTable;
    this.publishedSequence = publishedSequence;
    this.producer = producer;
    this.mayPublish = mayPublish;
    this.stats = stats;
    this.clock = clock;
  }

  /** Ends a running round after the replay in flight. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    try {
      round();
    } catch (RuntimeException | Error e) {
      // A scheduled task that throws is never run again: log and keep the cadence alive.
      LOG.atError().addKeyValue("error", e.toString()).log("evaluation round failed", e);
    }
  }

  /** One round over every traced tenant/index. */
  void round() {
    if (!mayPublish.getAsBoolean()) {
      return;  // not before Kafka is ready and the warm start has caught up (as the tables)
    }
    long started = clock.millis();
    int published = 0;
    for (Path dir : traceDirs()) {
      if (stopping || Thread.currentThread().isInterrupted()) {
        return;
      }
      if (evaluate(dir)) {
        published++;
      }
    }
    stats.evaluationRounds.incrementAndGet();
    if (published > 0) {
      LOG.atInfo().addKeyValue("indexes", published).addKeyValue("took_ms", clock.millis() - started)
          .log("evaluations published");
    }
  }

  /** traces/<tenant>/<index> directories, sorted. */
  private List<Path> traceDirs() {
    Path root = dataDir.resolve("traces");
    List<Path> out = new ArrayList<>();
    for (Path tenant : children(root)) {
      out.addAll(children(tenant));
    }
    return out;
  }

  private static List<Path> children(Path dir) {
    TreeSet<Path> out = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
      ds.forEach(out::add);
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("dir", dir).addKeyValue("error", e.toString()).log("cannot list trace directory");
    }
    return new ArrayList<>(out);
  }

  /** Evaluates one index's trace; true when a report was published. */
  private boolean evaluate(Path dir) {
    try {
      List<Path> files = TraceTail.files(dir);
      String signature = signature(files);
      if (files.isEmpty() || signature.equals(evaluated.get(dir))) {
        return false;
      }
      List<TraceRecord> records = TraceTail.newest(files, MAX_RECORDS);
      long searches = records.stream().filter(r -> !r.write()).count();
      if (searches < MIN_SEARCHES) {
        LOG.atDebug().addKeyValue("dir", dir).addKeyValue("searches", searches).log("too few searches to evaluate");
        return false;
      }
      JsonObject report = report(dir, records);
      if (report == null) {
        return false;  // stopping
      }
      TraceRecord first = records.get(0);
      write(dir, report);
      publish(first.tenant(), first.index(), report);
      evaluated.put(dir, signature);
      if (failing.remove(dir)) {
        LOG.atInfo().addKeyValue("tenant", first.tenant()).addKeyValue("index", first.index())
            .log("evaluation works again");
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | TraceFormatException | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException | IllegalArgumentException e) {
      if (stopping) {
        return false;  // interrupted by the shutdown (a closed channel): not a failure
      }
      stats.evaluationFailures.incrementAndGet();
      if (failing.add(dir)) {
        LOG.atWarn().addKeyValue("dir", dir).addKeyValue("error", e.getCause() != null ? e.getCause().toString()
            : e.toString()).log("evaluation failed; retrying at the next round");
      }
      return false;
    }
  }

  /** The sweep's report, or null when stopped midway. */
  JsonObject report(Path dir, List<TraceRecord> records) {
    Trace trace = Trace.of(dir.toString(), records);
    long workingSet = workingSetBytes(trace);
    List<Long> sizes = sizes(workingSet);
    JsonObject tableJson = publishedTable.get();
    LiveTable live = tableJson == null ? LiveTable.defaults() : LiveTable.fromJson(tableJson);
    JsonObject settings = new JsonObject().put("ttl_ms", TtlPolicy.DEFAULT_TTL_MS)
        .put("policy_table", tableJson == null ? null : "published")
        .put("policy_table_version", tableJson == null ? -1 : publishedSequence.getAsLong())
        .put("heuristic_cadence_ms", heuristic.cadenceMs()).put("heuristic_window_ms", heuristic.windowMs())
        .put("working_set_bytes", workingSet).put("size_shares", new JsonArray(new ArrayList<>(SIZE_SHARES)))
        .put("max_records", MAX_RECORDS);
    List<RunResult> runs = new ArrayList<>();
    Progress quiet = new Progress(null);
    for (long size : sizes) {
      for (String p : Policies.ALL) {
        if (stopping) {
          return null;
        }
        runs.add(Simulator.run(trace, Policies.create(p, trace, size, TtlPolicy.DEFAULT_TTL_MS, live, heuristic), 0,
            quiet));
      }
    }
    return new SimReport(trace, Policies.ALL, sizes, runs, 0, settings).toJson();
  }

  /** Sum of the entry sizes of the distinct keys (the newest size of each). */
  static long workingSetBytes(Trace trace) {
    long[] bytes = new long[trace.keys()];
    for (int i = 0; i < trace.size(); i++) {
      if (!trace.record(i).write()) {
        bytes[trace.keyId(i)] = trace.record(i).bytes();
      }
    }
    long sum = 0;
    for (long b : bytes) {
      sum += b;
    }
    return sum;
  }

  /** The evaluated cache sizes for a working set, ascending, without duplicates. */
  static List<Long> sizes(long workingSetBytes) {
    TreeSet<Long> out = new TreeSet<>();
    for (double share : SIZE_SHARES) {
      out.add(Math.max(MIN_CACHE_BYTES, Math.round(workingSetBytes * share)));
    }
    return new ArrayList<>(out);
  }

  private void write(Path traceDir, JsonObject report) throws IOException {
    Path rel = dataDir.resolve("traces").relativize(traceDir);
    Path file = dataDir.resolve(DIR).resolve(rel.getParent() == null ? Path.of("") : rel.getParent())
        .resolve(rel.getFileName() + ".json");
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, report.encodePrettily() + "\n", StandardCharsets.UTF_8);
    // Readers see the previous report or this one, never half of one.
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void publish(String tenant, String index, JsonObject report) throws InterruptedException,
      java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    JsonObject rec = new JsonObject().put("schema", PolicyCadence.POLICY_SCHEMA).put("kind", "evaluation")
        .put("controller", controllerId).put("issued_ms", clock.millis()).put("tenant", tenant).put("index", index)
        .put("report", report);
    producer.send(new ProducerRecord<>(Topics.POLICY,
            (KEY_PREFIX + tenant + "/" + index).getBytes(StandardCharsets.UTF_8),
            rec.encode().getBytes(StandardCharsets.UTF_8)))
        .get(KafkaClients.POLICY_DELIVERY_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    stats.evaluationsPublished.incrementAndGet();
  }

  /** Names and sizes of the files: changes whenever a record is appended or a file rotates. */
  private static String signature(List<Path> files) throws IOException {
    List<String> parts = new ArrayList<>();
    for (Path f : files) {
      parts.add(f.getFileName() + ":" + Files.size(f));
    }
    return parts.stream().collect(Collectors.joining(","));
  }
}
