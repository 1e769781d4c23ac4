package io.pyrope.engine.filter.impl;

import io.pyrope.engine.filter.Filter;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Structural facts the engine uses to choose between a FAISS pre-filter (ID selector built from
 * a tag index) and a post-filter. Computed on demand from the tree; the tree is small.
 */
public final class Hints {
  private Hints() {}

  public static boolean isTagOnly(Filter f) {
    if (f instanceof Filter.HasTag) {
      return true;
    } else if (f instanceof Filter.Not n) {
      return isTagOnly(n.term());
    } else if (f instanceof Filter.And a) {
      return a.terms().stream().allMatch(Hints::isTagOnly);
    } else if (f instanceof Filter.Or o) {
      return o.terms().stream().allMatch(Hints::isTagOnly);
    }
    return false;
  }

  public static Set<String> referencedTags(Filter f) {
    Set<String> out = new TreeSet<>();
    collectTags(f, out);
    return Collections.unmodifiableSet(out);
  }

  private static void collectTags(Filter f, Set<String> out) {
    if (f instanceof Filter.HasTag t) {
      out.addAll(t.tags());
    } else if (f instanceof Filter.Not n) {
      collectTags(n.term(), out);
    } else if (f instanceof Filter.And a) {
      a.terms().forEach(x -> collectTags(x, out));
    } else if (f instanceof Filter.Or o) {
      o.terms().forEach(x -> collectTags(x, out));
    }
  }

  /**
   * A set S such that every passing record has a tag in S. A tag test gives its own list; an
   * {@code and} may use any term's bound, so it takes the smallest; an {@code or} needs a bound on
   * every term and takes their union; a negation or a field test bounds nothing.
   */
  public static Optional<Set<String>> candidateTags(Filter f) {
    if (f instanceof Filter.HasTag t) {
      return Optional.of(Set.copyOf(t.tags()));
    } else if (f instanceof Filter.And a) {
      Set<String> best = null;
      for (Filter term : a.terms()) {
        Optional<Set<String>> b = candidateTags(term);
        if (b.isPresent() && (best == null || b.get().size() < best.size())) {
          best = b.get();
        }
      }
      return Optional.ofNullable(best);
    } else if (f instanceof Filter.Or o) {
      Set<String> union = new HashSet<>();
      for (Filter term : o.terms()) {
        Optional<Set<String>> b = candidateTags(term);
        if (b.isEmpty()) {
          return Optional.empty();
        }
        union.addAll(b.get());
      }
      return Optional.of(Set.copyOf(union));
    }
    return Optional.empty();
  }

  public static int termCount(Filter f) {
    if (f instanceof Filter.Not n) {
      return termCount(n.term());
    } else if (f instanceof Filter.And a) {
      return sum(a.terms());
    } else if (f instanceof Filter.Or o) {
      return sum(o.terms());
    }
    return 1;
  }

  private static int sum(List<Filter> terms) {
    int n = 0;
    for (Filter t : terms) {
      n += termCount(t);
    }
    return n;
  }
}
