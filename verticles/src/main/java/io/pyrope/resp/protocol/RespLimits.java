package io.pyrope.resp.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The hard limits one {@link RespRequestParser} enforces on what a client may send. Every length
 * read from the wire is checked against these before anything is allocated for it.
 *
 * <p>Two presets, as in Redis: {@link #UNAUTHENTICATED} for a connection that has not passed AUTH
 * (Redis allows such clients 10 arguments and 16 KiB bulks, so a stranger cannot make the node
 * allocate), and {@link #DEFAULT} afterwards. The server swaps them with
 * {@link RespRequestParser#limits(RespLimits)}.
 *
 * <p>Like Vert.x options this can be built from JSON ({@link #RespLimits(JsonObject)}): missing keys
 * take the {@link #DEFAULT} value.
 *
 * @param maxBulkBytes largest single argument ({@code $len}); Redis's {@code proto-max-bulk-len}
 * @param maxArgs largest argument count ({@code *N}) of one request
 * @param maxInlineBytes longest inline request line, and longest {@code *N} / {@code $len} header
 *     line; Redis's {@code PROTO_INLINE_MAX_SIZE}
 * @param maxNesting aggregate depth of a request; requests are flat arrays of bulk strings, so the
 *     only supported value is 1 (a nested {@code *} is "expected '$', got '*'", as in Redis)
 * @param maxRequestBytes sum of the argument payloads of one request; Redis bounds this with its
 *     query-buffer limit, here it is per request so one pipelined command cannot hold the heap
 * @param authenticated false selects Redis's "unauthenticated ..." error texts for the count and
 *     bulk limits, so a client learns why it was cut off before AUTH
 */
public record RespLimits(
    long maxBulkBytes,
    int maxArgs,
    int maxInlineBytes,
    int maxNesting,
    long maxRequestBytes,
    boolean authenticated) {

  /**
   * 64 MiB. Redis allows 512 MiB, but here every argument becomes one Java {@code byte[]} on the
   * heap of a node that also holds vectors; a vector is at most 16 KiB, so 64 MiB still carries a
   * batch of ~4000 maximal vectors in one argument, and bigger loads should be pipelined commands.
   */
  public static final long DEFAULT_MAX_BULK_BYTES = 64L * 1024 * 1024;

  /** 1,048,576 arguments: a large batch, far from Redis's INT_MAX. */
  public static final int DEFAULT_MAX_ARGS = 1024 * 1024;

  /** 64 KiB, Redis's {@code PROTO_INLINE_MAX_SIZE}. */
  public static final int DEFAULT_MAX_INLINE_BYTES = 64 * 1024;

  /** Requests are flat: an array of bulk strings, nothing nested. */
  public static final int REQUEST_NESTING = 1;

  /** 256 MiB per request: four maximal bulks, a fraction of a default 2 GiB heap. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 256L * 1024 * 1024;

  /** Redis's limit on the argument count before AUTH ({@code ll > 10} in networking.c). */
  public static final int UNAUTHENTICATED_MAX_ARGS = 10;

  /** Redis's limit on a bulk before AUTH ({@code ll > 16384} in networking.c). */
  public static final long UNAUTHENTICATED_MAX_BULK_BYTES = 16 * 1024;

  /** Limits for a client that has authenticated, or for a node without AUTH. */
  public static final RespLimits DEFAULT = new RespLimits(
      DEFAULT_MAX_BULK_BYTES,
      DEFAULT_MAX_ARGS,
      DEFAULT_MAX_INLINE_BYTES,
      REQUEST_NESTING,
      DEFAULT_MAX_REQUEST_BYTES,
      true);

  /** Limits for a client that must still AUTH: enough for {@code HELLO 3 AUTH user pass SETNAME n}. */
  public static final RespLimits UNAUTHENTICATED = new RespLimits(
      UNAUTHENTICATED_MAX_BULK_BYTES,
      UNAUTHENTICATED_MAX_ARGS,
      DEFAULT_MAX_INLINE_BYTES,
      REQUEST_NESTING,
      UNAUTHENTICATED_MAX_ARGS * UNAUTHENTICATED_MAX_BULK_BYTES,
      false);

  public RespLimits {
    if (maxBulkBytes < 0 || maxBulkBytes > Integer.MAX_VALUE - 8) {
      // One argument is one Java array.
      throw new IllegalArgumentException("maxBulkBytes must be in [0, 2^31-9], got " + maxBulkBytes);
    }
    if (maxArgs < 1) {
      throw new IllegalArgumentException("maxArgs must be >= 1, got " + maxArgs);
    }
    if (maxInlineBytes < 32) {
      // A header line holds up to 20 digits and a sign; below that valid requests would fail.
      throw new IllegalArgumentException("maxInlineBytes must be >= 32, got " + maxInlineBytes);
    }
    if (maxNesting != REQUEST_NESTING) {
      throw new IllegalArgumentException(
          "maxNesting must be " + REQUEST_NESTING + " (requests are flat), got " + maxNesting);
    }
    if (maxRequestBytes < maxBulkBytes) {
      throw new IllegalArgumentException(
          "maxRequestBytes (" + maxRequestBytes + ") must be >= maxBulkBytes (" + maxBulkBytes + ")");
    }
  }

  /** Reads {@code maxBulkBytes}, {@code maxArgs}, ... from JSON; a missing key keeps {@link #DEFAULT}'s. */
  public RespLimits(JsonObject json) {
    this(
        json.getLong("maxBulkBytes", DEFAULT.maxBulkBytes),
        json.getInteger("maxArgs", DEFAULT.maxArgs),
        json.getInteger("maxInlineBytes", DEFAULT.maxInlineBytes),
        json.getInteger("maxNesting", DEFAULT.maxNesting),
        json.getLong("maxRequestBytes", DEFAULT.maxRequestBytes),
        json.getBoolean("authenticated", DEFAULT.authenticated));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("maxBulkBytes", maxBulkBytes)
        .put("maxArgs", maxArgs)
        .put("maxInlineBytes", maxInlineBytes)
        .put("maxNesting", maxNesting)
        .put("maxRequestBytes", maxRequestBytes)
        .put("authenticated", authenticated);
  }
}
