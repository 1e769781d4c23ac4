package io.pyrope.engine;

import io.pyrope.bus.vec.IndexStats;
import io.pyrope.engine.impl.FactorySpec;
import io.pyrope.engine.impl.View;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders an index's stats: ordered name → value pairs (numbers and strings only, so RESP and
 * HTTP can print them without knowing the fields). Field names are snake_case and stable.
 */
final class IndexStatsView {
  /** Heap bytes per published label besides the record: the slot in the label table and a dead bit. */
  private static final long BYTES_PER_LABEL = 9;

  private IndexStatsView() {}

  static IndexStats of(VectorIndex index, View v, IndexBuilds builds) {
    IndexConfig c = index.config();
    FactorySpec spec = index.spec();
    int tailRows = v.tail() == null ? 0 : v.tail().size();
    long nativeBytes = v.head().estimateNativeBytes() + (v.tail() == null ? 0 : v.tail().estimateNativeBytes());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenant", c.tenant());
    m.put("index", c.name());
    m.put("dim", c.dim());
    m.put("metric", c.metric().wireName());
    m.put("factory", c.factory());
    m.put("update_mode", c.updateMode().wireName());
    m.put("nprobe", c.nprobe());
    m.put("ef_search", c.efSearch());
    m.put("head_max", c.headMax());
    m.put("train_size", c.trainSize());
    m.put("live", index.size());
    m.put("head_rows", v.head().size());
    m.put("tail_rows", tailRows);
    m.put("dead_rows", v.deadRows());
    m.put("epoch", index.epoch());
    m.put("building", builds.isRunning() ? 1 : 0);
    m.put("tail_state", tailState(index, v, builds, spec));
    m.put("builds", builds.completed());
    m.put("last_build_millis", builds.lastMillis());
    m.put("last_build_rows", builds.lastReport() == null ? 0 : builds.lastReport().tailRows());
    m.put("last_build_error", builds.lastError());
    m.put("memory_bytes", nativeBytes + index.recordBytes() + BYTES_PER_LABEL * v.rows());
    m.put("version_epoch", c.versionEpoch());
    m.put("created_millis", c.createdMillis());
    m.put("updated_millis", c.updatedMillis());
    return new IndexStats(Collections.unmodifiableMap(m));
  }

  /**
   * One phrase: {@code flat} (the head serves everything), {@code ready}, {@code none yet},
   * {@code waiting for N rows to train F}, or {@code failed: ...} (then the head serves the rows
   * the tail does not hold).
   */
  private static String tailState(VectorIndex index, View v, IndexBuilds builds, FactorySpec spec) {
    if (spec.isFlat()) {
      return "flat";
    }
    if (!builds.lastError().isEmpty()) {
      return "failed: " + builds.lastError();
    }
    if (v.tail() != null) {
      return "ready";
    }
    if (!builds.trainable()) {
      return "waiting for " + spec.minTrainRows() + " rows to train " + spec.factory() + ", has " + index.size();
    }
    return "none yet";
  }
}
