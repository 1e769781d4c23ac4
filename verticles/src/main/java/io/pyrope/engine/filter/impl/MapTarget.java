package io.pyrope.engine.filter.impl;

import io.pyrope.engine.filter.FilterTarget;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link FilterTarget#of}: a target over plain collections. Immutable if its arguments are. */
public record MapTarget(Set<String> tags, Map<String, ? extends Number> numerics, JsonObject metaObject)
    implements FilterTarget {

  public MapTarget {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(numerics, "numerics");
  }

  @Override
  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }

  @Override
  public double numeric(String field) {
    Number n = numerics.get(field);
    return n == null ? Double.NaN : n.doubleValue();
  }

  @Override
  public Object meta(String key) {
    if (metaObject == null || !metaObject.containsKey(key)) {
      return MISSING;
    }
    return metaObject.getValue(key);
  }
}
