package io.pyrope.engine.filter;

import io.pyrope.engine.filter.impl.MapTarget;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Filter} reads from a record. The engine's record class implements this directly
 * so that {@link Filter#test} runs without copying or boxing anything: tags answer membership,
 * numeric fields answer a primitive double, meta answers the top-level JSON value it already
 * holds.
 *
 * <p>Implementations must be safe to call from the thread that runs the filter; a filter never
 * keeps a reference to its target after {@code test} returns.
 */
public interface FilterTarget {

  /**
   * Returned by {@link #meta} when the key is absent, to tell "no such key" apart from a JSON
   * {@code null}. Compare with {@code ==}. (Both make {@code key == null} true; only the sentinel
   * lets a future {@code exists()} tell them apart.)
   */
  Object MISSING = new Object() {
    @Override
    public String toString() {
      return "MISSING";
    }
  };

  /** True when the record carries this tag. Tags are compared exactly (case-sensitive). */
  boolean hasTag(String tag);

  /**
   * The numeric field's value, or {@code NaN} when the record has no such field. Because NaN
   * means "absent", the engine must refuse NaN as a stored numeric value (infinities are fine).
   */
  double numeric(String field);

  /**
   * The top-level meta value for {@code key}: a {@code String}, {@code Number}, {@code Boolean},
   * {@code JsonObject}, {@code JsonArray} or {@code null} (JSON null), or {@link #MISSING} when
   * the key is absent.
   */
  Object meta(String key);

  /**
   * A target over plain collections, for tests, tools and slow paths. Not for the hot path: it
   * looks numbers up in a map of boxed values.
   *
   * @param tags the record's tags, never null
   * @param numeric numeric fields by name, never null
   * @param meta the record's meta object, or null for none
   */
  static FilterTarget of(Set<String> tags, Map<String, ? extends Number> numeric, JsonObject meta) {
    return new MapTarget(tags, numeric, meta);
  }
}
