package io.pyrope.engine.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The literal values of an {@code in (...)} list, sorted and de-duplicated when built, so that two
 * lists with the same values in any order and with any repetitions are {@link #equals equal} and
 * print the same. Membership tests are allocation-free: numbers and strings are binary-searched
 * in primitive-friendly arrays.
 *
 * <p>Immutable and thread-safe. Canonical order: {@code null}, {@code false}, {@code true}, the
 * numbers ascending, then the strings in {@link String#compareTo} order.
 */
public final class ValueSet {

  /** The list holds {@code null}. */
  private final boolean hasNull;
  /** The list holds {@code false}. */
  private final boolean hasFalse;
  /** The list holds {@code true}. */
  private final boolean hasTrue;
  /** Finite numbers, ascending, distinct, with -0.0 stored as 0.0. Never exposed. */
  private final double[] numbers;
  /** Strings ascending by compareTo, distinct. Never exposed. */
  private final String[] strings;

  private ValueSet(boolean hasNull, boolean hasFalse, boolean hasTrue, double[] numbers, String[] strings) {
    this.hasNull = hasNull;
    this.hasFalse = hasFalse;
    this.hasTrue = hasTrue;
    this.numbers = numbers;
    this.strings = strings;
  }

  /** A set of the given literals: each a {@code String}, a finite {@code Number}, a {@code Boolean} or null. */
  public static ValueSet of(Object... values) {
    Builder b = builder();
    for (Object v : values) {
      b.add(v);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of distinct values. */
  public int size() {
    return (hasNull ? 1 : 0) + (hasFalse ? 1 : 0) + (hasTrue ? 1 : 0) + numbers.length + strings.length;
  }

  public boolean containsNull() {
    return hasNull;
  }

  public boolean containsBoolean(boolean b) {
    return b ? hasTrue : hasFalse;
  }

  public boolean containsNumber(double d) {
    // binarySearch orders by Double.compare, which tells -0.0 from 0.0; the set stores 0.0 only.
    return Arrays.binarySearch(numbers, d == 0 ? 0.0 : d) >= 0;
  }

  public boolean containsString(String s) {
    return Arrays.binarySearch(strings, s) >= 0;
  }

  /** True when there are strings only: the shape a tag list or a list against a string key has. */
  public boolean isStringsOnly() {
    return !hasNull && !hasFalse && !hasTrue && numbers.length == 0;
  }

  /** True when there are no strings and no booleans: the shape a list against a numeric field has. */
  public boolean isNumbersOrNull() {
    return !hasFalse && !hasTrue && strings.length == 0;
  }

  /**
   * Membership of a meta value as {@link FilterTarget#meta} returns it: JSON null and
   * {@link FilterTarget#MISSING} match {@code null}; numbers match numerically; objects and arrays
   * match nothing.
   */
  public boolean containsMeta(Object value) {
    if (value == null || value == FilterTarget.MISSING) {
      return hasNull;
    }
    if (value instanceof String s) {
      return containsString(s);
    }
    if (value instanceof Number n) {
      return containsNumber(n.doubleValue());
    }
    if (value instanceof Boolean b) {
      return containsBoolean(b);
    }
    return false;
  }

  /** The values in canonical order (boxed; for printing and inspection, not for the hot path). */
  public List<Object> values() {
    List<Object> out = new ArrayList<>(size());
    if (hasNull) {
      out.add(null);
    }
    if (hasFalse) {
      out.add(Boolean.FALSE);
    }
    if (hasTrue) {
      out.add(Boolean.TRUE);
    }
    for (double d : numbers) {
      out.add(d);
    }
    Collections.addAll(out, strings);
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueSet v
        && hasNull == v.hasNull
        && hasFalse == v.hasFalse
        && hasTrue == v.hasTrue
        && Arrays.equals(numbers, v.numbers)
        && Arrays.equals(strings, v.strings);
  }

  @Override
  public int hashCode() {
    int h = (hasNull ? 1 : 0) | (hasFalse ? 2 : 0) | (hasTrue ? 4 : 0);
    return 31 * (31 * h + Arrays.hashCode(numbers)) + Arrays.hashCode(strings);
  }

  @Override
  public String toString() {
    return values().toString();
  }

  /** Collects values in any order; {@link #build} sorts and de-duplicates. Not thread-safe. */
  public static final class Builder {
    private boolean hasNull;
    private boolean hasFalse;
    private boolean hasTrue;
    private final TreeSet<Double> numbers = new TreeSet<>();
    private final TreeSet<String> strings = new TreeSet<>();

    private Builder() {}

    public Builder addNull() {
      hasNull = true;
      return this;
    }

    public Builder addBoolean(boolean b) {
      if (b) {
        hasTrue = true;
      } else {
        hasFalse = true;
      }
      return this;
    }

    /** Adds a finite number; -0.0 is stored as 0.0 since the two compare equal. */
    public Builder addNumber(double d) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("in-list numbers must be finite: " + d);
      }
      numbers.add(d == 0 ? 0.0 : d);
      return this;
    }

    public Builder addString(String s) {
      strings.add(java.util.Objects.requireNonNull(s, "string"));
      return this;
    }

    /** Adds a {@code String}, {@code Number}, {@code Boolean} or null. */
    public Builder add(Object v) {
      if (v == null) {
        return addNull();
      } else if (v instanceof String s) {
        return addString(s);
      } else if (v instanceof Number n) {
        return addNumber(n.doubleValue());
      } else if (v instanceof Boolean b) {
        return addBoolean(b);
      }
      throw new IllegalArgumentException("not a filter literal: " + v.getClass().getName());
    }

    public ValueSet build() {
      double[] nums = new double[numbers.size()];
      int i = 0;
      for (Double d : numbers) {
        nums[i++] = d;
      }
      return new ValueSet(hasNull, hasFalse, hasTrue, nums, strings.toArray(new String[0]));
    }
  }
}
