package io.pyrope.cache;

import io.pyrope.engine.filter.Filter;
import java.util.function.Function;

/**
 * One search as the cache sees it: what its keys are made of. The vector is kept as the bytes
 * the client sent (a fp32 blob or JSON text) so that an exact (L0) hit never parses it; it is
 * parsed at most once, on demand, for the tolerant (L1) key, a miss, or an admission.
 *
 * <p>Not thread-safe: one request, one event loop.
 */
public final class CacheQuery {
  public final String tenant;            // as the client named it; the shard lookup checks it exists
  public final String index;             // idem
  public final byte[] vectorBytes;       // the client's vector argument as sent (shared with the command, never modified)
  public final boolean fromValues;       // true when vectorBytes are fp32 made from VALUES n x… (not the raw argument)
  public final String filter;            // canonical filter text, or null
  public final Filter parsedFilter;      // the parsed filter (precise invalidation tests new records against it), or null
  public final int topK;                 // as asked
  public final boolean withMeta;         // WITHMETA (the cached reply differs)
  public final int nprobe;               // PARAMS nprobe, 0 for the index default
  public final int ef;                   // PARAMS ef, 0 for the index default
  private final Function<byte[], float[]> parser; // bytes → floats, the command's parser
  private float[] vector;         // parsed lazily

  /**
   * @param parser turns {@code vectorBytes} into floats (throws the command's syntax errors)
   */
  public CacheQuery(String tenant, String index, byte[] vectorBytes, boolean fromValues,
      Function<byte[], float[]> parser, Filter filter, int topK, boolean withMeta, int nprobe, int ef) {
    this.tenant = tenant;
    this.index = index;
    this.vectorBytes = vectorBytes;
    this.fromValues = fromValues;
    this.parser = parser;
    this.parsedFilter = filter;
    this.filter = filter == null ? null : filter.canonical();
    this.topK = topK;
    this.withMeta = withMeta;
    this.nprobe = nprobe;
    this.ef = ef;
  }

  /** The query vector, parsed on first use. */
  public float[] vector() {
    float[] v = vector;
    if (v == null) {
      v = parser.apply(vectorBytes);
      vector = v;
    }
    return v;
  }

  public String tenant() {
    return tenant;
  }

  public String index() {
    return index;
  }

  public int topK() {
    return topK;
  }
}
