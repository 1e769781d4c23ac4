package io.pyrope.engine.filter;

import io.pyrope.engine.filter.impl.CanonicalWriter;
import io.pyrope.engine.filter.impl.Hints;
import io.pyrope.engine.filter.impl.Normalize;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed filter: an immutable, normalized expression tree that tests records.
 *
 * <p><b>Normal form.</b> Every node is normalized when it is constructed, whoever constructs it:
 * {@code and}/{@code or} are flattened, their terms sorted by canonical text and de-duplicated;
 * tag lists and {@code in} lists are sorted and de-duplicated; a one-value {@code in} is an
 * equality; {@code !=} is {@code not ==}; double negation is removed. So equivalent spellings give
 * {@link Object#equals equal} filters and the same {@link #canonical()} text, which is what the result
 * cache keys on. Constructors reject shapes the normal form excludes (a one-term {@code And}, a
 * {@code Not} of a {@code Not}, a string compared with a {@code num.} field); the static
 * factories {@link #and}, {@link #or}, {@link #not} and {@link #in} build the normal form instead.
 *
 * <p><b>Evaluation.</b> {@link #test} allocates nothing and never throws: literals are resolved
 * to primitives or sorted arrays at construction, numeric fields are read as primitive doubles,
 * and meta values are inspected with {@code instanceof}. A comparison with a missing field is
 * false; see the package documentation for the full rules.
 *
 * <p>Thread-safe: immutable, and may be shared by any number of searches.
 */
public sealed interface Filter {

  /** True when {@code record} passes the filter. Allocation-free; never throws. */
  boolean test(FilterTarget record);

  /**
   * The normalized text of this filter: canonical spacing, lower-case keywords, {@code ==} for
   * {@code =}, double-quoted strings, sorted lists, normalized numbers. Equal filters, and only
   * equal filters, give equal text, and {@code FilterParser.parse(f.canonical()).equals(f)} holds
   * whenever the text is within {@link FilterParser#MAX_LENGTH} (it can be longer than the text the
   * filter was parsed from, e.g. {@code a=1} becomes {@code a == 1}).
   */
  default String canonical() {
    return CanonicalWriter.write(this);
  }

  /** True when every condition is a tag test: the engine can answer it from a tag index alone. */
  default boolean isTagOnly() {
    return Hints.isTagOnly(this);
  }

  /** Every tag the filter mentions, positively or negatively. */
  default Set<String> referencedTags() {
    return Hints.referencedTags(this);
  }

  /**
   * When present, every record that passes carries at least one of these tags, so a pre-filter
   * may restrict candidates to the union of those tags' postings before testing the rest.
   * Empty when no such bound follows from the structure (e.g. the filter is {@code price < 10}
   * or {@code tag != "x"}).
   */
  default Optional<Set<String>> candidateTags() {
    return Hints.candidateTags(this);
  }

  /** Number of conditions (comparisons and list tests) in the tree. */
  default int termCount() {
    return Hints.termCount(this);
  }

  /** The conjunction of {@code terms} in normal form (the single term itself when only one remains). */
  static Filter and(List<Filter> terms) {
    Filter only = Normalize.onlyDistinctTerm(terms, And.class);
    return only != null ? only : new And(terms);
  }

  /** The disjunction of {@code terms} in normal form (the single term itself when only one remains). */
  static Filter or(List<Filter> terms) {
    Filter only = Normalize.onlyDistinctTerm(terms, Or.class);
    return only != null ? only : new Or(terms);
  }

  /** The negation of {@code term}, removing a double negation. */
  static Filter not(Filter term) {
    return term instanceof Not n ? n.term() : new Not(term);
  }

  /** {@code field in (values)}; a one-value list becomes the equivalent equality. */
  static Filter in(Field field, ValueSet values) {
    return values.size() == 1 ? Normalize.equality(field, values.values().get(0)) : new In(field, values);
  }

  /** All terms hold; at least two, normalized by the constructor. */
  record And(List<Filter> terms) implements Filter {
    public And {
      terms = Normalize.junction(terms, And.class);
      if (terms.size() < 2) {
        throw new IllegalArgumentException("an And needs two distinct terms; use Filter.and");
      }
    }

    @Override
    public boolean test(FilterTarget record) {
      for (int i = 0, n = terms.size(); i < n; i++) {
        if (!terms.get(i).test(record)) {
          return false;
        }
      }
      return true;
    }
  }

  /** At least one term holds; at least two, normalized by the constructor. */
  record Or(List<Filter> terms) implements Filter {
    public Or {
      terms = Normalize.junction(terms, Or.class);
      if (terms.size() < 2) {
        throw new IllegalArgumentException("an Or needs two distinct terms; use Filter.or");
      }
    }

    @Override
    public boolean test(FilterTarget record) {
      for (int i = 0, n = terms.size(); i < n; i++) {
        if (terms.get(i).test(record)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The term does not hold. Also how {@code !=} and {@code not in} are represented. */
  record Not(Filter term) implements Filter {
    public Not {
      Objects.requireNonNull(term, "term");
      if (term instanceof Not) {
        throw new IllegalArgumentException("a Not of a Not is not normal; use Filter.not");
      }
    }

    @Override
    public boolean test(FilterTarget record) {
      return !term.test(record);
    }
  }

  /** The record carries at least one of {@code tags} ({@code tag == "a"}, {@code tag in (...)}). */
  record HasTag(List<String> tags) implements Filter {
    public HasTag {
      tags = Normalize.sortedDistinct(tags);
      if (tags.isEmpty()) {
        throw new IllegalArgumentException("a tag test needs at least one tag");
      }
    }

    @Override
    public boolean test(FilterTarget record) {
      for (int i = 0, n = tags.size(); i < n; i++) {
        if (record.hasTag(tags.get(i))) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code field op number}: true for a numeric field or a JSON number that compares so. */
  record NumCmp(Field field, Op op, double value) implements Filter {
    public NumCmp {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("a filter number must be finite: " + value);
      }
      value = value == 0 ? 0.0 : value; // -0.0 == 0.0 in the test; keep one representation
    }

    @Override
    public boolean test(FilterTarget record) {
      double n = field.numeric(record);
      if (n == n) {
        return op.test(n, value);
      }
      return field.meta(record) instanceof Number m && op.test(m.doubleValue(), value);
    }
  }

  /** {@code field op "text"}: true for a JSON string that compares so (UTF-16 order). */
  record StrCmp(Field field, Op op, String value) implements Filter {
    public StrCmp {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
      Normalize.requireNotNumericScope(field, "a string");
    }

    @Override
    public boolean test(FilterTarget record) {
      double n = field.numeric(record);
      if (n == n) {
        return false; // a numeric field never equals or orders against a string
      }
      return field.meta(record) instanceof String s && op.test(s.compareTo(value));
    }
  }

  /** {@code field == true|false}: true for a JSON boolean of that value. */
  record BoolEq(Field field, boolean value) implements Filter {
    public BoolEq {
      Objects.requireNonNull(field, "field");
      Normalize.requireNotNumericScope(field, "a boolean");
    }

    @Override
    public boolean test(FilterTarget record) {
      double n = field.numeric(record);
      if (n == n) {
        return false;
      }
      return field.meta(record) instanceof Boolean b && b == value;
    }
  }

  /** {@code field == null}: true when the field is absent or holds JSON null. */
  record IsNull(Field field) implements Filter {
    public IsNull {
      Objects.requireNonNull(field, "field");
    }

    @Override
    public boolean test(FilterTarget record) {
      double n = field.numeric(record);
      if (n == n) {
        return false;
      }
      Object m = field.meta(record);
      return m == null || m == FilterTarget.MISSING;
    }
  }

  /** {@code field in (v1, v2, ...)}: the field equals one of at least two values. */
  record In(Field field, ValueSet values) implements Filter {
    public In {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(values, "values");
      if (values.size() < 2) {
        throw new IllegalArgumentException("an In needs two distinct values; use Filter.in");
      }
      if (field.scope() == Field.Scope.NUMERIC && !values.isNumbersOrNull()) {
        throw new IllegalArgumentException("num." + field.name() + " can only be compared with numbers");
      }
    }

    @Override
    public boolean test(FilterTarget record) {
      double n = field.numeric(record);
      if (n == n) {
        return values.containsNumber(n);
      }
      return values.containsMeta(field.meta(record));
    }
  }
}
