package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.engine.impl.FactorySpec;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.FaissException;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a client's {@link CreateIndexRequest} into an {@link IndexConfig}: checks every field,
 * fills in defaults, and proves the factory string by building it once in FAISS (the only
 * reliable parser of FAISS factory strings is FAISS).
 *
 * <p>Accepted {@code PARAMS} keys (case-insensitive): {@code nprobe}, {@code ef} (also
 * {@code ef_search}, {@code efSearch}), {@code head_max}, {@code train_size},
 * {@code update_mode} (only {@code realtime} today: the other modes are refused until they exist).
 * Anything else is a syntax error, so that a typo is not silently ignored.
 */
public final class IndexConfigs {
  /** Default HNSW efSearch: FAISS's own default (16) gives ~0.9 recall@10; 64 gives ~0.99 on SIFT. */
  public static final int DEFAULT_EF_SEARCH = 64;
  /** Default IVF nprobe is {@code max(1, nlist / NPROBE_DIVISOR)}: 1/8 of the lists. */
  public static final int NPROBE_DIVISOR = 8;
  /** Default head size before a background rebuild: a Flat scan of 10k rows is well under 1 ms. */
  public static final int DEFAULT_HEAD_MAX = 10_000;
  /** Default training sample: enough for IVF1024 (FAISS wants ~39 rows per centroid). */
  public static final int DEFAULT_TRAIN_SIZE = 50_000;
  /** Longest factory string accepted. */
  public static final int MAX_FACTORY_LENGTH = 256;
  /** First version of a new config. */
  public static final long INITIAL_VERSION_EPOCH = 1;

  private IndexConfigs() {}

  /**
   * Validates a create request.
   *
   * @throws VecException {@code VEC_ERR_SYNTAX} for malformed names, metric, factory or params;
   *     {@code VEC_ERR_LIMIT} for values over a limit
   */
  public static IndexConfig fromRequest(CreateIndexRequest req, long nowMillis) {
    String tenant = Names.check("tenant", req.tenant());
    String name = Names.check("index", req.index());
    int dim = checkDim(req.dim());
    Metric metric = Metric.parse(req.metric());
    String factory = req.factory() == null || req.factory().isBlank() ? FactorySpec.DEFAULT_FACTORY
        : req.factory().trim();
    FactorySpec spec = probeFactory(factory, dim, metric);

    int nprobe = spec.nlist() > 0 ? Math.max(1, spec.nlist() / NPROBE_DIVISOR) : 1;
    int ef = DEFAULT_EF_SEARCH;
    int headMax = DEFAULT_HEAD_MAX;
    int trainSize = DEFAULT_TRAIN_SIZE;
    UpdateMode mode = UpdateMode.REALTIME;
    Map<String, String> params = req.params() == null ? Map.of() : req.params();
    for (Map.Entry<String, String> p : params.entrySet()) {
      String key = p.getKey() == null ? "" : p.getKey().toLowerCase(Locale.ROOT);
      switch (key) {
        case "nprobe" -> nprobe = intParam(key, p.getValue(), Limits.MAX_NPROBE);
        case "ef", "ef_search", "efsearch" -> ef = intParam(key, p.getValue(), Limits.MAX_EF_SEARCH);
        case "head_max" -> headMax = intParam(key, p.getValue(), Limits.MAX_HEAD_MAX);
        case "train_size" -> trainSize = intParam(key, p.getValue(), Limits.MAX_TRAIN_SIZE);
        case "update_mode" -> mode = UpdateMode.parse(p.getValue()).requireImplemented();
        default -> throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "unknown index param '" + p.getKey()
            + "', expected nprobe, ef, head_max, train_size or update_mode");
      }
    }
    if (trainSize < spec.minTrainRows()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "param train_size=" + trainSize + " is below the "
          + spec.minTrainRows() + " rows " + factory + " needs to train");
    }
    return new IndexConfig(tenant, name, dim, metric, factory, nprobe, ef, headMax, trainSize, mode,
        INITIAL_VERSION_EPOCH, nowMillis, nowMillis);
  }

  /** Checks a dimension: 1..{@link Limits#MAX_DIM}. */
  public static int checkDim(int dim) {
    if (dim < 1) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "dim must be at least 1, got " + dim);
    }
    Limits.atMost("dim", dim, Limits.MAX_DIM, null);
    return dim;
  }

  /**
   * Builds the factory once in FAISS and frees it: FAISS rejects unknown families, PQ sizes
   * that do not divide the dimension, and so on, and its message says why.
   */
  static FactorySpec probeFactory(String factory, int dim, Metric metric) {
    Limits.atMost("factory", factory.length(), MAX_FACTORY_LENGTH, "characters");
    if (factory.contains("IDMap")) {
      // Pyrope maps ids to labels itself; IDMap would also reject per-search parameters.
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "factory '" + factory
          + "' uses IDMap, which Pyrope does not support: ids are mapped by the engine");
    }
    try {
      Faiss.create(dim, factory, metric.faissMetric()).close();
      return FactorySpec.parse(factory);
    } catch (FaissException e) {
      String why = e.nativeMessage() != null ? e.nativeMessage() : e.getMessage();
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "bad FAISS factory '" + factory + "' for dim " + dim
          + ": " + firstLine(why));
    }
  }

  private static int intParam(String key, String value, int max) {
    long v;
    try {
      v = Long.parseLong(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "param " + key + "='" + value + "' is not an integer");
    }
    if (v < 1) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "param " + key + " must be at least 1, got " + v);
    }
    Limits.atMost("param " + key, v, max, null);
    return (int) v;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
