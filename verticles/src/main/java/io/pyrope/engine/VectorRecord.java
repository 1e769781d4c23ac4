package io.pyrope.engine;

import io.pyrope.bus.vec.RecordView;
import io.pyrope.engine.filter.FilterTarget;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored version of a record. Immutable: an upsert makes a new {@code VectorRecord} with a
 * new {@link #row()}, and the old one becomes dead. A row is live exactly while the index's
 * id map points at this very object (identity, not equality), which is how searches mask dead
 * rows without a lock.
 *
 * <p>Filters read it directly ({@link FilterTarget}): tags and numeric names are sorted arrays
 * searched by bisection, numeric values are primitive doubles, so a filter test allocates
 * nothing. The vector of a cosine index is stored normalised.
 */
public final class VectorRecord implements FilterTarget {
  private final String id;                // client's id, at most Limits.MAX_ID_BYTES
  private final float[] vector;           // never modified after construction; normalised for cosine
  private final String metaJson;          // meta as the client sent it, or null
  private final JsonObject meta;          // parsed meta, or null; never handed out mutable
  private final String[] tags;            // sorted, distinct
  private final String[] numericNames;    // sorted, distinct
  private final double[] numericValues;   // numericValues[i] belongs to numericNames[i]; never NaN
  private final long version;             // 1 for the first write of this id, +1 per upsert
  private final long createdMillis;       // first write of this id
  private final long updatedMillis;       // this write
  private final long row;                 // index-wide write sequence number; orders rows in segments

  /** A validated, not yet stored record: version 0, row -1. Use {@link #stored} to stamp it. */
  VectorRecord(String id, float[] vector, String metaJson, JsonObject meta, String[] tags, String[] numericNames,
      double[] numericValues) {
    this(id, vector, metaJson, meta, tags, numericNames, numericValues, 0, 0, 0, -1);
  }

  private VectorRecord(String id, float[] vector, String metaJson, JsonObject meta, String[] tags,
      String[] numericNames, double[] numericValues, long version, long createdMillis, long updatedMillis,
      long row) {
    this.id = id;
    this.vector = vector;
    this.metaJson = metaJson;
    this.meta = meta;
    this.tags = tags;
    this.numericNames = numericNames;
    this.numericValues = numericValues;
    this.version = version;
    this.createdMillis = createdMillis;
    this.updatedMillis = updatedMillis;
    this.row = row;
  }

  /**
   * A record read back from a snapshot, with everything it had when it was captured. Meta is
   * parsed again from its text (it was valid when first written).
   */
  static VectorRecord restored(String id, float[] vector, String metaJson, String[] tags, String[] numericNames,
      double[] numericValues, long version, long createdMillis, long updatedMillis, long row) {
    JsonObject meta = metaJson == null ? null : new JsonObject(metaJson.trim());
    return new VectorRecord(id, vector, metaJson, meta, tags, numericNames, numericValues, version, createdMillis,
        updatedMillis, row);
  }

  /**
   * Stands in for a dead row of a restored tail, whose record was not kept: it has the row (so
   * labels still bisect) and nothing else, and is never live.
   */
  static VectorRecord placeholder(long row) {
    return new VectorRecord("", new float[0], null, null, new String[0], new String[0], new double[0], 0, 0, 0, row);
  }

  /** Numeric field names, sorted (shared array: do not modify). */
  String[] numericNameArray() {
    return numericNames;
  }

  /** Numeric values in the order of {@link #numericNameArray()} (shared array: do not modify). */
  double[] numericValueArray() {
    return numericValues;
  }

  /** Tags, sorted (shared array: do not modify). */
  String[] tagArray() {
    return tags;
  }

  /** This record as written: sharing its arrays, with its version, times and row. */
  VectorRecord stored(long version, long createdMillis, long updatedMillis, long row) {
    return new VectorRecord(id, vector, metaJson, meta, tags, numericNames, numericValues, version, createdMillis,
        updatedMillis, row);
  }

  public String id() {
    return id;
  }

  /** A copy of the stored vector. */
  public float[] vector() {
    return vector.clone();
  }

  /**
   * The stored vector itself, for the engine's own distance loops and index builds. Callers
   * must not modify it.
   */
  public float[] sharedVector() {
    return vector;
  }

  /** Meta JSON text as sent, or null. */
  public String metaJson() {
    return metaJson;
  }

  public long version() {
    return version;
  }

  public long createdMillis() {
    return createdMillis;
  }

  public long updatedMillis() {
    return updatedMillis;
  }

  /** The write sequence number of this version, unique within its index. */
  public long row() {
    return row;
  }

  /** Tags, sorted. */
  public List<String> tags() {
    return List.of(tags);
  }

  /** Numeric fields, by name in sorted order. */
  public Map<String, Double> numericFields() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < numericNames.length; i++) {
      m.put(numericNames[i], numericValues[i]);
    }
    return m;
  }

  /** Approximate heap bytes of this record, for the memory estimate. */
  public long estimateBytes() {
    long bytes = 96 + 16 + 4L * vector.length + 2L * id.length();
    bytes += metaJson == null ? 0 : 4L * metaJson.length(); // text plus its parsed form, roughly
    for (String t : tags) {
      bytes += 48 + 2L * t.length();
    }
    return bytes + numericNames.length * 56L;
  }

  /** The client's view of this record. */
  public RecordView toView() {
    return new RecordView(id, vector.clone(), metaJson, tags(), numericFields(), version, createdMillis,
        updatedMillis);
  }

  @Override
  public boolean hasTag(String tag) {
    return Arrays.binarySearch(tags, tag) >= 0;
  }

  @Override
  public double numeric(String field) {
    int i = Arrays.binarySearch(numericNames, field);
    return i >= 0 ? numericValues[i] : Double.NaN;
  }

  @Override
  public Object meta(String key) {
    if (meta == null || !meta.containsKey(key)) {
      return MISSING;
    }
    return meta.getValue(key);
  }

  @Override
  public String toString() {
    return "VectorRecord[" + id + " v" + version + " row " + row + "]";
  }
}
