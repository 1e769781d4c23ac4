package io.pyrope.engine;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The settled configuration of one index: what {@link IndexConfigs#fromRequest} made of a
 * client's {@code VEC.CREATE}, with every default filled in. Immutable; snapshots store it as
 * JSON ({@link #toJson()} / {@link #fromJson(JsonObject)}, field names in snake_case).
 *
 * @param tenant owning tenant, {@code [A-Za-z0-9_-]+}
 * @param name index name, {@code [A-Za-z0-9_-]+}
 * @param dim vector dimension, 1..{@link Limits#MAX_DIM}
 * @param metric how vectors are compared
 * @param factory FAISS factory string of the tail (the head is always Flat)
 * @param nprobe default IVF probes per search (ignored by non-IVF factories)
 * @param efSearch default HNSW candidate list size per search (ignored by non-HNSW factories)
 * @param headMax rows in the mutable head that trigger a background rebuild of the tail
 * @param trainSize rows sampled to train the tail's factory (IVF centroids, PQ codebooks)
 * @param updateMode how writes reach search; only realtime is implemented (VEC.CREATE refuses the
 *     others; a stored config naming one still loads, and behaves as realtime)
 * @param versionEpoch version of this configuration; a config change bumps it
 * @param createdMillis creation time, epoch millis
 * @param updatedMillis last config change, epoch millis
 */
public record IndexConfig(String tenant, String name, int dim, Metric metric, String factory, int nprobe,
    int efSearch, int headMax, int trainSize, UpdateMode updateMode, long versionEpoch, long createdMillis,
    long updatedMillis) {

  public IndexConfig {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(updateMode, "updateMode");
  }

  /** {@code tenant/name}. */
  public String qualifiedName() {
    return Names.qualified(tenant, name);
  }

  /** The JSON form stored in snapshots. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("tenant", tenant)
        .put("name", name)
        .put("dim", dim)
        .put("metric", metric.wireName())
        .put("factory", factory)
        .put("nprobe", nprobe)
        .put("ef_search", efSearch)
        .put("head_max", headMax)
        .put("train_size", trainSize)
        .put("update_mode", updateMode.wireName())
        .put("version_epoch", versionEpoch)
        .put("created_millis", createdMillis)
        .put("updated_millis", updatedMillis);
  }

  /**
   * Reads the JSON form back. The values were validated when the config was first made; this
   * checks names, dim and the enums again (a snapshot may be edited by hand) but does not probe
   * the factory.
   */
  public static IndexConfig fromJson(JsonObject json) {
    IndexConfig c = new IndexConfig(
        Names.check("tenant", json.getString("tenant")),
        Names.check("index", json.getString("name")),
        json.getInteger("dim", 0),
        Metric.parse(json.getString("metric")),
        json.getString("factory", "Flat"),
        json.getInteger("nprobe", 1),
        json.getInteger("ef_search", IndexConfigs.DEFAULT_EF_SEARCH),
        json.getInteger("head_max", IndexConfigs.DEFAULT_HEAD_MAX),
        json.getInteger("train_size", IndexConfigs.DEFAULT_TRAIN_SIZE),
        UpdateMode.parse(json.getString("update_mode", "realtime")),
        json.getLong("version_epoch", 1L),
        json.getLong("created_millis", 0L),
        json.getLong("updated_millis", 0L));
    IndexConfigs.checkDim(c.dim());
    return c;
  }
}
