package io.pyrope.snapshot;

import io.vertx.core.json.JsonObject;

/**
 * What a snapshot's {@code state.json} says about it: which index, when, how big, and the WAL
 * position it includes (every record of the index's partition up to {@code walOffset}).
 *
 * @param id snapshot id, {@code <taken millis, 13 digits>-<sequence, 6 digits>}: sorts by age
 * @param tenant tenant
 * @param index index
 * @param takenMillis when it was taken (node clock)
 * @param epoch the index epoch it captured
 * @param nextRow the index's next row number
 * @param records live records in it
 * @param walTopic the WAL topic its offsets refer to, or null (taken with wal.enabled=false)
 * @param walPartition the index's WAL partition, or -1
 * @param walOffset offset of the last WAL record it includes, or -1 (none)
 * @param walTimestamp broker timestamp of that record, or -1
 */
public record SnapshotMeta(String id, String tenant, String index, long takenMillis, long epoch, long nextRow,
    long records, String walTopic, int walPartition, long walOffset, long walTimestamp) {
  /** Layout version of a snapshot directory. */
  public static final int FORMAT = 1;

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("format", FORMAT).put("id", id).put("tenant", tenant).put("index", index)
        .put("taken_millis", takenMillis).put("epoch", epoch).put("next_row", nextRow).put("records", records);
    if (walTopic != null) {
      j.put("wal", new JsonObject().put("topic", walTopic).put("partition", walPartition).put("offset", walOffset)
          .put("timestamp", walTimestamp));
    }
    return j;
  }

  public static SnapshotMeta fromJson(JsonObject j) {
    if (j.getInteger("format", -1) != FORMAT) {
      throw new SnapshotException("snapshot format " + j.getValue("format") + ", this node reads " + FORMAT);
    }
    JsonObject wal = j.getJsonObject("wal");
    return new SnapshotMeta(j.getString("id"), j.getString("tenant"), j.getString("index"), j.getLong("taken_millis"),
        j.getLong("epoch"), j.getLong("next_row"), j.getLong("records"),
        wal == null ? null : wal.getString("topic"), wal == null ? -1 : wal.getInteger("partition"),
        wal == null ? -1 : wal.getLong("offset"), wal == null ? -1 : wal.getLong("timestamp"));
  }
}
