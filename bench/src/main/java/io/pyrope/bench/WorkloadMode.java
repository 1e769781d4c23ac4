package io.pyrope.bench;

import io.pyrope.bench.workload.EmbeddingCache;
import io.pyrope.bench.workload.Embedder;
import io.pyrope.bench.workload.HitJudge;
import io.pyrope.bench.workload.Outcome;
import io.pyrope.bench.workload.QqpPairs;
import io.pyrope.bench.workload.StreamGenerator;
import io.pyrope.bench.workload.TraceWriter;
import io.pyrope.bench.workload.VectorSource;
import io.pyrope.bench.workload.WorkloadRunner;
import io.pyrope.bench.workload.WorkloadStats;
import io.pyrope.dataset.FloatDataset;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code workload [--index tenant/index | --tenant T --index I] [--queries N] [--zipf S] [--seed X]
 * [--near-dup-rate R] [--scan-burst N [--scan-at Q]] [--write-rate W] [--topk K] [--params ef=…]
 * [--connections C] [--limit N] [--factory F] [--drop | --no-load] [--no-verify] [--trace FILE]
 * [--pairs FILE] [--qqp-dir DIR] [--cache-dir DIR] [--host H] [--port P] [--http-port P] [--json FILE]
 * [--quiet]}:
 * replays a realistic stream of repeated and paraphrased Quora questions against a node's result
 * cache (see {@link StreamGenerator}) and reports hit rates, cost saved, recall of what was served
 * and wrong hits ({@link WorkloadStats}); optionally writes the stream as a trace for the
 * simulator ({@link TraceWriter}).
 */
final class WorkloadMode {
  static final Set<String> VALUED = Set.of("host", "port", "tenant", "index", "connections", "queries", "zipf", "seed",
      "near-dup-rate", "scan-burst", "scan-at", "write-rate", "topk", "params", "limit", "factory", "trace", "pairs",
      "qqp-dir", "cache-dir", "http-port", "json");
  static final Set<String> FLAGS = Set.of("no-load", "no-verify", "drop", "quiet");
  static final String DEFAULT_INDEX = "qqp/workload";
  static final String DEFAULT_PAIRS = "../shared/data/qqp-pairs/qqp_pairs.jsonl";
  static final String DEFAULT_QQP_DIR = "../shared/data/qqp-minilm";
  static final int DEFAULT_QUERIES = 5_000;
  static final double DEFAULT_ZIPF = 1.1;
  static final long DEFAULT_SEED = 42;
  static final double DEFAULT_NEAR_DUP_RATE = 0.3;
  static final int DEFAULT_TOPK = 10;
  /** The factory the qqp sweeps use; cosine like them. */
  static final String DEFAULT_FACTORY = "HNSW32";
  /** Where embeddings are cached between runs, under $PYROPE_HOME or else the repository's target/. */
  static final String CACHE_SUBDIR = "bench-cache";
  /** Limit of the admin request that empties the index's cache entries. */
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private WorkloadMode() {}

  static void run(List<String> commandLine, List<String> args, PrintStream stdout, PrintStream stderr) {
    Options o = Options.parse("workload", args, VALUED, FLAGS);
    Output out = new Output(stdout, stderr, o.get("json", null));
    String root = System.getProperty(Machine.ROOT_PROPERTY, ".");
    String host = o.get("host", LoadMode.DEFAULT_HOST);
    int port = o.getInt("port", LoadMode.DEFAULT_PORT, 1, 65535);
    Specs.IndexName index = o.has("tenant") ? Specs.indexName(o.require("tenant") + "/" + o.require("index"))
        : Specs.indexName(o.get("index", DEFAULT_INDEX));
    StreamGenerator.Settings settings = streamSettings(o);
    int queries = settings.queries();
    int burst = settings.scanBurst();
    int k = o.getInt("topk", DEFAULT_TOPK, 1, 100);
    List<String> paramWords = Specs.paramWords(Specs.searchParams(o.get("params", null)));
    int connections = o.getInt("connections", 1, 1, 64);
    boolean quiet = o.flag("quiet");
    boolean verify = !o.flag("no-verify");
    if (o.flag("no-load") && (o.flag("drop") || o.has("factory") || o.has("limit"))) {
      throw new BenchException("workload: --no-load uses the index as it is; --drop, --factory and --limit load one");
    }

    try (RespClient c = RespClient.connect(host, port)) {
      c.ping(); // before minutes of reading and embedding
    }

    Path qqp = Path.of(o.get("qqp-dir", Path.of(root, DEFAULT_QQP_DIR).toString()));
    FloatDataset base = Datasets.fvecs("base vectors", qqp.resolve("qqp50k_minilm_base.fvecs").toString(),
        Integer.MAX_VALUE);
    FloatDataset queryFile = Datasets.fvecs("query vectors", qqp.resolve("qqp1k_minilm_query.fvecs").toString(),
        Integer.MAX_VALUE);
    Path sentences = qqp.resolve("sentences_51k.txt");
    if (!sentences.toFile().isFile()) {
      throw new BenchException("sentences file not found: " + sentences);
    }
    QqpPairs pairs = QqpPairs.read(Path.of(o.get("pairs", Path.of(root, DEFAULT_PAIRS).toString())));
    Path cacheDir = Path.of(o.get("cache-dir", defaultCacheDir(root).toString()));
    EmbeddingCache cache = EmbeddingCache.open(cacheDir, Embedder.MODEL_NAME, base.dim());
    VectorSource source = new VectorSource(sentences, base, queryFile, cache, lazyEmbedder(cacheDir, out, quiet));

    List<StreamGenerator.Item> items = StreamGenerator.generate(pairs, settings,
        t -> source.stored(pairs.text(t)));
    float[][] vectors = vectorsOf(items, pairs, source, quiet);

    if (!o.flag("no-load")) {
      loadIndex(o, host, port, index, base, out, quiet);
    } else {
      SearchMode.indexStats(host, port, index, queryFile);
    }

    if (o.has("http-port")) {
      long removed = flushCache(host, o.getInt("http-port", 0, 1, 65535), index);
      out.line("flushed " + removed + " cache entries of " + index + " (POST /v1/cache/flush)");
    }

    int searches = (int) items.stream().filter(StreamGenerator.Item::isSearch).count();
    out.line("workload on " + index + " at " + host + ":" + port + ": " + searches + " searches (" + queries
        + " zipf " + settings.zipf() + ", near-dup rate " + settings.nearDupRate() + ", seed " + settings.seed()
        + (burst > 0 ? ", scan burst of " + burst + " before query " + settings.scanAt() : "") + "), "
        + (items.size() - searches) + " writes, k=" + k + ", " + connections + " connection(s), verification "
        + (verify ? "on" : "off") + "; vectors embedded now " + source.embedded() + ", from the cache "
        + source.fromCache() + " (" + cache.file() + ")");
    WorkloadRunner runner = new WorkloadRunner(host, port, index, k, paramWords, verify);
    Outcome[] outcomes = runner.run(new WorkloadRunner.Plan(items, vectors, rows(queryFile)), connections, quiet);
    WorkloadStats stats = new WorkloadStats(items, outcomes, new HitJudge(pairs));
    stats.print(out.out());
    if (o.has("trace")) {
      Path trace = Path.of(o.require("trace"));
      TraceWriter.write(trace, TraceWriter.records(items, outcomes, index.tenant(), index.index(), k, base.dim()));
      out.line("trace: " + items.size() + " records in " + trace);
    }
    if (out.json() != null) {
      new Report("workload", commandLine, o).put("workload", stats.toJson())
          .put("stream", new JsonObject().put("queries", queries).put("zipf", settings.zipf())
              .put("seed", settings.seed()).put("near_dup_rate", settings.nearDupRate()).put("scan_burst", burst)
              .put("scan_at", settings.scanAt()).put("write_rate", settings.writeRate()).put("top_k", k)
              .put("embedded", source.embedded()).put("embeddings_from_cache", source.fromCache()))
          .write(out.json(), stdout);
    }
  }

  private static StreamGenerator.Settings streamSettings(Options o) {
    int queries = o.getInt("queries", DEFAULT_QUERIES, 1, 1_000_000);
    return new StreamGenerator.Settings(queries, o.getDouble("zipf", DEFAULT_ZIPF, 0.01, 10),
        o.getInt("seed", (int) DEFAULT_SEED, Integer.MIN_VALUE, Integer.MAX_VALUE),
        o.getDouble("near-dup-rate", DEFAULT_NEAR_DUP_RATE, 0, 1), o.getInt("scan-burst", 0, 0, 1_000_000),
        o.getInt("scan-at", queries / 2, 0, queries), o.getDouble("write-rate", 0, 0, 0.99));
  }

  /** The first --limit base vectors into a new cosine index, as `load --build` does. */
  private static void loadIndex(Options o, String host, int port, Specs.IndexName index, FloatDataset base,
      Output out, boolean quiet) {
    int limit = o.getInt("limit", base.n(), 1, base.n());
    FloatDataset loaded = limit == base.n() ? base : new FloatDataset(limit, base.dim(),
        Arrays.copyOf(base.data(), limit * base.dim()));
    // head_max above the row count: no background rebuilds while loading; VEC.BUILD makes the tail
    Loader.Spec spec = new Loader.Spec(index, "cosine", o.get("factory", DEFAULT_FACTORY),
        Map.of("head_max", Integer.toString(Math.max(limit + 1, 10_000))), LoadMode.DEFAULT_CONNECTIONS,
        LoadMode.DEFAULT_BATCH, LoadMode.DEFAULT_PIPELINE, o.flag("drop"), true);
    Loader.Result r = Loader.run(host, port, spec, loaded, quiet);
    out.line("loaded " + r.vectors() + " qqp base vectors into " + index + " (" + spec.factory() + ", cosine) in "
        + Table.fmt(r.seconds() + r.buildSeconds()) + " s");
  }

  /**
   * Empties the index's cache entries through the admin API, so that every hit of the run comes
   * from an entry the run stored (entries of an earlier run would be hits of unknown source).
   */
  static long flushCache(String host, int httpPort, Specs.IndexName index) {
    URI uri = URI.create("http://" + host + ":" + httpPort + "/v1/cache/flush");
    String body = new JsonObject().put("tenant", index.tenant()).put("index", index.index()).encode();
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(FLUSH_TIMEOUT).build()
          .send(HttpRequest.newBuilder(uri).timeout(FLUSH_TIMEOUT).header("content-type",
              "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new BenchException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
      }
      return new JsonObject(r.body()).getLong("removed", 0L);
    } catch (IOException | DecodeException e) {
      throw new BenchException("cannot flush the cache through " + uri + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while flushing the cache");
    }
  }

  /** $PYROPE_HOME/bench-cache when PYROPE_HOME is set, else target/bench-cache under the repository root. */
  static Path defaultCacheDir(String root) {
    String home = System.getenv("PYROPE_HOME");
    return home != null && !home.isBlank() ? Path.of(home, CACHE_SUBDIR) : Path.of(root, "target", CACHE_SUBDIR);
  }

  /** The model, loaded on first use only (a rerun with every embedding cached never loads it). */
  private static Supplier<Embedder> lazyEmbedder(Path cacheDir, Output out, boolean quiet) {
    Embedder[] model = new Embedder[1];
    return () -> {
      if (model[0] == null) {
        long t0 = System.nanoTime();
        model[0] = Embedder.load(cacheDir.resolve("djl"));
        if (!quiet) {
          out.line("loaded the all-MiniLM-L6-v2 model in " + Table.fmt((System.nanoTime() - t0) / 1e9) + " s");
        }
      }
      return model[0];
    };
  }

  /** The vector of every search item (null for writes), each distinct question looked up or embedded once. */
  private static float[][] vectorsOf(List<StreamGenerator.Item> items, QqpPairs pairs, VectorSource source,
      boolean quiet) {
    Map<Integer, Integer> slot = new HashMap<>();
    List<String> texts = new ArrayList<>();
    for (StreamGenerator.Item it : items) {
      if (it.isSearch() && !slot.containsKey(it.textId())) {
        slot.put(it.textId(), texts.size());
        texts.add(pairs.text(it.textId()));
      }
    }
    float[][] unique = source.vectors(texts, quiet);
    float[][] out = new float[items.size()][];
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).isSearch()) {
        out[i] = unique[slot.get(items.get(i).textId())];
      }
    }
    return out;
  }

  private static float[][] rows(FloatDataset d) {
    float[][] out = new float[d.n()][];
    for (int i = 0; i < d.n(); i++) {
      out[i] = d.row(i);
    }
    return out;
  }
}
