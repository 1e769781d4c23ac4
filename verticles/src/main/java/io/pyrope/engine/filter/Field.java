package io.pyrope.engine.filter;

import java.util.Objects;

/**
 * The left-hand side of a comparison: which value of a record it reads.
 *
 * @param scope where the name is looked up
 * @param name the numeric field or meta key, exactly as written (case-sensitive, non-empty)
 */
public record Field(Scope scope, String name) {

  /** Where a field name is looked up. */
  public enum Scope {
    /** A bare name: the numeric field if the record has one by that name, else the meta key. */
    AUTO,
    /** {@code meta.name}: always the top-level meta key. */
    META,
    /** {@code num.name}: always the numeric field. */
    NUMERIC
  }

  public Field {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a field name must not be empty");
    }
  }

  /** A bare name, resolved per record. */
  public static Field auto(String name) {
    return new Field(Scope.AUTO, name);
  }

  /** {@code meta.name}. */
  public static Field meta(String name) {
    return new Field(Scope.META, name);
  }

  /** {@code num.name}. */
  public static Field numeric(String name) {
    return new Field(Scope.NUMERIC, name);
  }

  /**
   * The numeric value this field resolves to on {@code record}, or NaN when it does not resolve
   * to a numeric field (absent, or a {@link Scope#META} field). Callers test {@code v == v}
   * first and only then fall back to {@link #meta}.
   */
  public double numeric(FilterTarget record) {
    return scope == Scope.META ? Double.NaN : record.numeric(name);
  }

  /**
   * The meta value this field resolves to, for a record on which {@link #numeric} was NaN:
   * {@link FilterTarget#MISSING} for a {@link Scope#NUMERIC} field, the meta lookup otherwise.
   */
  public Object meta(FilterTarget record) {
    return scope == Scope.NUMERIC ? FilterTarget.MISSING : record.meta(name);
  }
}
