package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;

/**
 * Every size limit of the data model, in one place. A value over a limit is refused with
 * {@code VEC_ERR_LIMIT} and a message naming what, how big, and the limit
 * ({@code meta is 70000 bytes, limit 65536}); nothing is truncated silently.
 *
 * <p>Byte limits count UTF-8 bytes, because that is what the wire, the WAL and memory pay for.
 */
public final class Limits {
  /** Largest vector dimension an index may have. */
  public static final int MAX_DIM = 4096;
  /** Longest record id, UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 512;
  /** Largest meta JSON text per record, UTF-8 bytes. */
  public static final int MAX_META_BYTES = 64 * 1024;
  /** Most tags per record. */
  public static final int MAX_TAGS = 64;
  /** Longest tag, UTF-8 bytes. */
  public static final int MAX_TAG_BYTES = 256;
  /** Most numeric fields per record. */
  public static final int MAX_NUMERIC_FIELDS = 64;
  /** Longest numeric field name, UTF-8 bytes. */
  public static final int MAX_FIELD_NAME_BYTES = 128;
  /** Largest topK of one search. */
  public static final int MAX_TOPK = 4096;
  /** Most records (or ids) in one write request. */
  public static final int MAX_BATCH = 10_000;
  /**
   * How long VEC.BUILD and {@code POST /v1/indexes/…/build} wait for a rebuild before answering
   * {@code VEC_ERR_BUSY} (the build goes on). An IVF-PQ over a few hundred thousand vectors takes
   * minutes on a small machine; the client's own timeout may be shorter.
   */
  public static final long BUILD_WAIT_MS = 3_600_000;
  /** Largest IVF nprobe accepted, per index or per search. */
  public static final int MAX_NPROBE = 65_536;
  /** Largest HNSW efSearch accepted, per index or per search. */
  public static final int MAX_EF_SEARCH = 32_768;
  /** Largest head size before a background rebuild ({@code head_max}). */
  public static final int MAX_HEAD_MAX = 10_000_000;
  /** Largest training sample ({@code train_size}). */
  public static final int MAX_TRAIN_SIZE = 10_000_000;
  /** Most indexes one tenant may hold on a node. */
  public static final int MAX_INDEXES_PER_TENANT = 1024;

  private Limits() {}

  /** Throws {@code VEC_ERR_LIMIT "<what> is <value> <unit>, limit <limit>"} when value > limit. */
  public static void atMost(String what, long value, long limit, String unit) {
    if (value > limit) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, what + " is " + value + unitSuffix(unit) + ", limit " + limit);
    }
  }

  /** Throws {@code VEC_ERR_LIMIT "<what> has <count> <items>, limit <limit>"} when count > limit. */
  public static void countAtMost(String what, int count, int limit, String items) {
    if (count > limit) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, what + " has " + count + " " + items + ", limit " + limit);
    }
  }

  private static String unitSuffix(String unit) {
    return unit == null || unit.isEmpty() ? "" : " " + unit;
  }
}
