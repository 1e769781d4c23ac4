package io.pyrope.bus;

/**
 * Event-bus addresses, defined once. Each address names the verticle that consumes it and the
 * message types it takes; replies are the types named here or a {@code ReplyException} whose
 * failure code is an {@link ErrorCode#failureCode()}.
 */
public final class Addresses {
  /** Search verticle: {@link io.pyrope.bus.vec.SearchRequest} → {@link io.pyrope.bus.vec.SearchReply}. */
  public static final String VEC_SEARCH = "pyrope.vec.search";
  /**
   * Search verticle, writes: {@link io.pyrope.bus.vec.WriteRequest} →
   * {@link io.pyrope.bus.vec.WriteReply}.
   */
  public static final String VEC_WRITE = "pyrope.vec.write";
  /**
   * Search verticle, index management and point reads: {@link io.pyrope.bus.vec.CreateIndexRequest},
   * {@link io.pyrope.bus.vec.IndexRef} (drop, stats, build), {@link io.pyrope.bus.vec.GetRequest}.
   */
  public static final String VEC_ADMIN = "pyrope.vec.admin";

  /**
   * Durability: {@link io.pyrope.bus.vec.SnapshotRequest} (take, list, load, restore to a time) →
   * {@link io.pyrope.bus.vec.SnapshotReply}.
   */
  public static final String VEC_SNAPSHOT = "pyrope.vec.snapshot";

  private Addresses() {}
}
