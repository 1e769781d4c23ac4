package io.pyrope.bus.wal;

import io.pyrope.bus.vec.RecordInput;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One record of the write-ahead log topic {@code pyrope.wal}: a write or an index-management
 * operation on one index, as the client asked for it (validated, not yet applied). Its layouts
 * are {@code schemas/topics/pyrope.wal.v2.json} (add and upsert: a JSON header and a binary
 * vector block) and {@code pyrope.wal.v1.json} (JSON; every other op, and what older nodes wrote);
 * {@link WalCodec} encodes and decodes both.
 * The Kafka key is {@link #key()} ({@code tenant/index}), so every record of one index lands in
 * one partition and keeps its order.
 *
 * <p>Immutable (the lists are copied; vectors are not, and must not be modified after the
 * record is made).
 *
 * @param op what the record does
 * @param tenant tenant name
 * @param index index name
 * @param records ADD and UPSERT: the records as sent; empty otherwise
 * @param ids DELETE: the ids; empty otherwise
 * @param config CREATE: the settled index configuration (engine's {@code IndexConfig} JSON); else null
 * @param uptoOffset RESTORE: the index becomes what it was after every record of its partition
 *     below this offset; else -1
 * @param restoreTimestamp RESTORE: the point in time asked for (epoch millis), or -1 when a
 *     named snapshot was asked for
 * @param snapshot RESTORE: the snapshot id to start from when it still exists, or null
 */
public record WalRecord(Op op, String tenant, String index, List<RecordInput> records, List<String> ids,
    JsonObject config, long uptoOffset, long restoreTimestamp, String snapshot) {
  /** Newest layout version written by this code ({@link WalCodec#BINARY_VERSION}); readers accept 1 and 2. */
  public static final int VERSION = WalCodec.BINARY_VERSION;

  /** Operations, by their wire name. */
  public enum Op {
    ADD("add"),
    UPSERT("upsert"),
    DELETE("delete"),
    CREATE("create"),
    DROP("drop"),
    RESTORE("restore");

    private final String wire;

    Op(String wire) {
      this.wire = wire;
    }

    public String wireName() {
      return wire;
    }

    /** The op named {@code wire}; {@link IllegalArgumentException} for an unknown name. */
    public static Op ofWire(String wire) {
      for (Op op : values()) {
        if (op.wire.equals(wire)) {
          return op;
        }
      }
      throw new IllegalArgumentException("unknown WAL op '" + wire + "'");
    }
  }

  public WalRecord {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(index, "index");
    records = records == null ? List.of() : List.copyOf(records);
    ids = ids == null ? List.of() : List.copyOf(ids);
  }

  /** ADD or UPSERT of records. */
  public static WalRecord put(boolean replace, String tenant, String index, List<RecordInput> records) {
    return new WalRecord(replace ? Op.UPSERT : Op.ADD, tenant, index, records, List.of(), null, -1, -1, null);
  }

  /** DELETE of ids. */
  public static WalRecord delete(String tenant, String index, List<String> ids) {
    return new WalRecord(Op.DELETE, tenant, index, List.of(), ids, null, -1, -1, null);
  }

  /** CREATE with the settled configuration. */
  public static WalRecord create(String tenant, String index, JsonObject config) {
    return new WalRecord(Op.CREATE, tenant, index, List.of(), List.of(), config.copy(), -1, -1, null);
  }

  /** DROP. */
  public static WalRecord drop(String tenant, String index) {
    return new WalRecord(Op.DROP, tenant, index, List.of(), List.of(), null, -1, -1, null);
  }

  /** RESTORE to the state after every record of the partition below {@code uptoOffset}. */
  public static WalRecord restore(String tenant, String index, long uptoOffset, long timestamp, String snapshot) {
    return new WalRecord(Op.RESTORE, tenant, index, List.of(), List.of(), null, uptoOffset, timestamp, snapshot);
  }

  /** The Kafka key: {@code tenant/index}. */
  public String key() {
    return key(tenant, index);
  }

  /** The Kafka key of an index. */
  public static String key(String tenant, String index) {
    return tenant + "/" + index;
  }
}
