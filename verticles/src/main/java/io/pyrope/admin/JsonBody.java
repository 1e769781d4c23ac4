package io.pyrope.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Reads a request's JSON object body against the fields a route accepts: malformed JSON, a
 * non-object, an unknown field or a field of the wrong type is a 400 naming the field, before
 * the route does anything.
 */
public final class JsonBody {
  private final JsonObject json;

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  /** Parses the body; {@code allowed} lists every field the route knows. */
  public static JsonBody of(RoutingContext ctx, Set<String> allowed) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw HttpErrors.badBody("the request body is empty: send a JSON object");
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw HttpErrors.badBody("the request body is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof JsonObject obj)) {
      throw HttpErrors.badBody("the request body must be a JSON object");
    }
    for (String f : obj.fieldNames()) {
      if (!allowed.contains(f)) {
        throw HttpErrors.badBody("unknown field '" + f + "'; accepted fields: " + String.join(", ", allowed));
      }
    }
    return new JsonBody(obj);
  }

  public String requiredString(String field) {
    String v = optionalString(field);
    if (v == null) {
      throw HttpErrors.badBody("field '" + field + "' is required (a string)");
    }
    return v;
  }

  public String optionalString(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw HttpErrors.badBody("field '" + field + "' must be a string, got " + typeName(v));
    }
    return s;
  }

  public int requiredInt(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      throw HttpErrors.badBody("field '" + field + "' is required (an integer)");
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
      throw HttpErrors.badBody("field '" + field + "' must be an integer, got " + typeName(v));
    }
    return ((Number) v).intValue();
  }

  /** An optional integer of at least {@code min}; null when absent or JSON null. */
  public Long optionalLong(String field, long min) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw HttpErrors.badBody("field '" + field + "' must be an integer, got " + typeName(v));
    }
    long n = ((Number) v).longValue();
    if (n < min) {
      throw HttpErrors.badBody("field '" + field + "' must be at least " + min + ", got " + n);
    }
    return n;
  }

  /** An optional number of at least {@code min}; null when absent or JSON null. */
  public Double optionalDouble(String field, double min) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number num)) {
      throw HttpErrors.badBody("field '" + field + "' must be a number, got " + typeName(v));
    }
    double d = num.doubleValue();
    if (!Double.isFinite(d) || d < min) {
      throw HttpErrors.badBody("field '" + field + "' must be a number of at least " + min + ", got " + num);
    }
    return d;
  }

  /** An object of scalar values, returned as strings (for engine parameters). */
  public java.util.Map<String, String> optionalStringMap(String field) {
    Object v = json.getValue(field);
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof JsonObject o)) {
      throw HttpErrors.badBody("field '" + field + "' must be an object, got " + typeName(v));
    }
    for (String k : o.fieldNames()) {
      Object x = o.getValue(k);
      if (x instanceof JsonObject || x instanceof JsonArray || x == null) {
        throw HttpErrors.badBody("field '" + field + "." + k + "' must be a number or a string, got " + typeName(x));
      }
      out.put(k, String.valueOf(x));
    }
    return out;
  }

  static String typeName(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof JsonArray) {
      return "an array";
    }
    return "an object";
  }
}
