package io.pyrope.bus.vec;

/**
 * Snapshot and restore operations on one index ({@link io.pyrope.bus.Addresses#VEC_SNAPSHOT}).
 *
 * @param tenant tenant name
 * @param index index name
 * @param op what to do
 * @param snapshot LOAD: the snapshot id; null otherwise
 * @param timestampMillis RESTORE: the point in time, epoch millis; -1 otherwise
 */
public record SnapshotRequest(String tenant, String index, Op op, String snapshot, long timestampMillis) {
  /** Operations. */
  public enum Op {
    /** Write a snapshot now; replies with its description. */
    TAKE,
    /** List the index's snapshots, newest first; replies with {@code snapshots}: a list of descriptions. */
    LIST,
    /** Make the index what the named snapshot holds; replies with the index's stats. */
    LOAD,
    /** Make the index what it was at {@code timestampMillis}; replies with the index's stats. */
    RESTORE
  }

  public static SnapshotRequest take(String tenant, String index) {
    return new SnapshotRequest(tenant, index, Op.TAKE, null, -1);
  }

  public static SnapshotRequest list(String tenant, String index) {
    return new SnapshotRequest(tenant, index, Op.LIST, null, -1);
  }

  public static SnapshotRequest load(String tenant, String index, String snapshot) {
    return new SnapshotRequest(tenant, index, Op.LOAD, snapshot, -1);
  }

  public static SnapshotRequest restore(String tenant, String index, long timestampMillis) {
    return new SnapshotRequest(tenant, index, Op.RESTORE, null, timestampMillis);
  }
}
