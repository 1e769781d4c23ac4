package io.pyrope.engine.filter.impl;

import io.pyrope.engine.filter.Field;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The normal-form rules shared by the {@link Filter} constructors and factories. Kept in one
 * place because "equivalent spellings give equal filters" only holds if every path that builds
 * a node applies the same rules.
 *
 * <p>Why sort {@code and}/{@code or} terms by their canonical text: it is a total order that
 * ignores how the user ordered the terms, and equal texts mean equal subtrees, so sorting and
 * de-duplicating in one pass gives a unique representative. The price is that evaluation order
 * is the sorted order, not the user's; the filter has no side effects and never throws, so only
 * speed could differ, and filters are small.
 */
public final class Normalize {
  private Normalize() {}

  /**
   * Flattens nested terms of the same {@code kind} ({@code Filter.And} or {@code Filter.Or}),
   * sorts by canonical text and drops duplicates.
   */
  public static List<Filter> junction(List<Filter> terms, Class<? extends Filter> kind) {
    Objects.requireNonNull(terms, "terms");
    List<Filter> flat = new ArrayList<>(terms.size());
    for (Filter f : terms) {
      Objects.requireNonNull(f, "term");
      if (kind == Filter.And.class && f instanceof Filter.And a) {
        flat.addAll(a.terms());
      } else if (kind == Filter.Or.class && f instanceof Filter.Or o) {
        flat.addAll(o.terms());
      } else {
        flat.add(f);
      }
    }
    TreeMap<String, Filter> byText = new TreeMap<>();
    for (Filter f : flat) {
      byText.putIfAbsent(CanonicalWriter.write(f), f);
    }
    return List.copyOf(byText.values());
  }

  /**
   * The single distinct term of a junction, or null when there are at least two, so the
   * factories can return a lone term without paying for {@link #junction} twice (once here and
   * once in the record constructor). Uses {@code equals}, which agrees with canonical text because
   * every node is already normal. A nested junction of the same kind has two distinct terms.
   */
  public static Filter onlyDistinctTerm(List<Filter> terms, Class<? extends Filter> kind) {
    Objects.requireNonNull(terms, "terms");
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("a junction needs at least one term");
    }
    Filter first = Objects.requireNonNull(terms.get(0), "term");
    if (kind.isInstance(first)) {
      return null;
    }
    for (int i = 1; i < terms.size(); i++) {
      if (!first.equals(terms.get(i))) {
        return null;
      }
    }
    return first;
  }

  /** An immutable, sorted, duplicate-free copy; rejects null elements. */
  public static List<String> sortedDistinct(List<String> values) {
    Objects.requireNonNull(values, "values");
    return List.copyOf(new TreeSet<>(values));
  }

  /** The filter {@code field == value} for a literal value (String, Number, Boolean or null). */
  public static Filter equality(Field field, Object value) {
    if (value == null) {
      return new Filter.IsNull(field);
    } else if (value instanceof Boolean b) {
      return new Filter.BoolEq(field, b);
    } else if (value instanceof Number n) {
      return new Filter.NumCmp(field, Op.EQ, n.doubleValue());
    } else if (value instanceof String s) {
      return new Filter.StrCmp(field, Op.EQ, s);
    }
    throw new IllegalArgumentException("not a filter literal: " + value.getClass().getName());
  }

  /** Numeric fields hold numbers only; comparing one with anything else is a mistake worth reporting. */
  public static void requireNotNumericScope(Field field, String what) {
    if (field.scope() == Field.Scope.NUMERIC) {
      throw new IllegalArgumentException("num." + field.name() + " can only be compared with numbers, not " + what);
    }
  }
}
