package io.pyrope.bus.vec;

import java.util.List;
import java.util.Map;

/**
 * A stored record as a client sees it.
 *
 * @param id record id
 * @param vector the stored vector (normalised for cosine indexes)
 * @param metaJson meta JSON text, or null
 * @param tags tags
 * @param numeric numeric fields
 * @param version how many times this id was written
 * @param createdMillis first write time
 * @param updatedMillis last write time
 */
public record RecordView(String id, float[] vector, String metaJson, List<String> tags, Map<String, Double> numeric,
    long version, long createdMillis, long updatedMillis) {}
