package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.search.faiss.FaissMetric;
import java.util.Locale;

/**
 * How an index ranks vectors, and what its scores mean.
 *
 * <p>{@link #COSINE} stores vectors scaled to unit length and ranks by FAISS inner product, so
 * a score is the cosine similarity; {@link #IP} ranks by raw inner product; both: larger is
 * closer. {@link #L2} scores are <em>squared</em> Euclidean distances, as FAISS computes them:
 * smaller is closer.
 */
public enum Metric {
  COSINE("cosine", FaissMetric.INNER_PRODUCT),
  IP("ip", FaissMetric.INNER_PRODUCT),
  L2("l2", FaissMetric.L2);

  private final String wireName;
  private final FaissMetric faiss;

  Metric(String wireName, FaissMetric faiss) {
    this.wireName = wireName;
    this.faiss = faiss;
  }

  /** The name clients use: {@code cosine}, {@code ip}, {@code l2}. */
  public String wireName() {
    return wireName;
  }

  /** The FAISS metric that implements it. */
  public FaissMetric faissMetric() {
    return faiss;
  }

  /** True when a larger score is a closer match (similarities), false for distances. */
  public boolean higherIsCloser() {
    return this != L2;
  }

  /** Whether vectors (stored and queried) are scaled to unit length first. */
  public boolean normalizes() {
    return this == COSINE;
  }

  /**
   * Parses a metric name, case-insensitively.
   *
   * @throws VecException {@code VEC_ERR_SYNTAX} naming the accepted values
   */
  public static Metric parse(String name) {
    if (name != null) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (Metric m : values()) {
        if (m.wireName.equals(lower)) {
          return m;
        }
      }
    }
    throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "unknown metric '" + name + "', expected cosine, ip or l2");
  }
}
