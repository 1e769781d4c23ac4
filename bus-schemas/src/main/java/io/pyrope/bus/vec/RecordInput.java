package io.pyrope.bus.vec;

import java.util.List;
import java.util.Map;

/**
 * One record to add or upsert, as the client sent it (after RESP/JSON decoding).
 *
 * @param id record id
 * @param vector the vector, fp32
 * @param metaJson meta as JSON object text, or null
 * @param tags tags, possibly empty
 * @param numeric numeric fields, possibly empty
 */
public record RecordInput(String id, float[] vector, String metaJson, List<String> tags, Map<String, Double> numeric) {}
