package io.pyrope.engine.filter;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Test records: {@code Rec.tags("red").num("price", 5).meta("color", "red").build()}. */
final class Rec {
  private final Set<String> tags = new HashSet<>();
  private final Map<String, Double> numeric = new HashMap<>();
  private final JsonObject meta = new JsonObject();

  static Rec tags(String... tags) {
    Rec r = new Rec();
    r.tags.addAll(Set.of(tags));
    return r;
  }

  static Rec empty() {
    return new Rec();
  }

  Rec num(String name, double value) {
    numeric.put(name, value);
    return this;
  }

  Rec meta(String key, Object value) {
    meta.put(key, value);
    return this;
  }

  FilterTarget build() {
    return FilterTarget.of(Set.copyOf(tags), Map.copyOf(numeric), meta.copy());
  }

  static boolean matches(String filter, Rec record) {
    return FilterParser.parse(filter).test(record.build());
  }
}
