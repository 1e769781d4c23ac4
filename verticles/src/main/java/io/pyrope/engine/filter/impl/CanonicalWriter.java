package io.pyrope.engine.filter.impl;

import io.pyrope.engine.filter.Field;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.Op;
import java.util.List;

/**
 * Prints a {@link Filter} in canonical text, the form the cache keys on. The output always parses
 * back to an equal filter, so every choice here must be one the {@link Parser} reads back exactly:
 * numbers print as the shortest text that parses to the same double, strings double-quoted with
 * escapes only where needed, names back-quoted when they are not plain identifiers or are
 * keywords. Parentheses appear only where precedence requires them.
 */
public final class CanonicalWriter {
  /** Integral values below this magnitude print without exponent or fraction ({@code 2020}). */
  private static final double PLAIN_INTEGER_LIMIT = 1e15;

  private CanonicalWriter() {}

  public static String write(Filter f) {
    StringBuilder sb = new StringBuilder();
    write(f, sb);
    return sb.toString();
  }

  private static void write(Filter f, StringBuilder sb) {
    if (f instanceof Filter.And a) {
      junction(a.terms(), " and ", sb);
    } else if (f instanceof Filter.Or o) {
      junction(o.terms(), " or ", sb);
    } else if (f instanceof Filter.Not n) {
      negation(n.term(), sb);
    } else if (f instanceof Filter.HasTag t) {
      tags(t.tags(), false, sb);
    } else if (f instanceof Filter.NumCmp c) {
      field(c.field(), sb).append(' ').append(c.op().symbol()).append(' ').append(number(c.value()));
    } else if (f instanceof Filter.StrCmp c) {
      field(c.field(), sb).append(' ').append(c.op().symbol()).append(' ');
      string(c.value(), '"', sb);
    } else if (f instanceof Filter.BoolEq b) {
      field(b.field(), sb).append(" == ").append(b.value());
    } else if (f instanceof Filter.IsNull n) {
      field(n.field(), sb).append(" == null");
    } else if (f instanceof Filter.In in) {
      field(in.field(), sb).append(" in ");
      list(in.values().values(), sb);
    }
  }

  private static void junction(List<Filter> terms, String joiner, StringBuilder sb) {
    for (int i = 0; i < terms.size(); i++) {
      if (i > 0) {
        sb.append(joiner);
      }
      Filter t = terms.get(i);
      // Only an 'or' inside an 'and' needs parentheses: 'and' binds tighter, and nested
      // junctions of the same kind were flattened.
      boolean paren = t instanceof Filter.Or;
      if (paren) {
        sb.append('(');
      }
      write(t, sb);
      if (paren) {
        sb.append(')');
      }
    }
  }

  /** Negations print as {@code !=} or {@code not in} when they can, else as {@code not x}. */
  private static void negation(Filter t, StringBuilder sb) {
    if (t instanceof Filter.HasTag tags) {
      tags(tags.tags(), true, sb);
    } else if (t instanceof Filter.In in) {
      field(in.field(), sb).append(" not in ");
      list(in.values().values(), sb);
    } else if (t instanceof Filter.IsNull n) {
      field(n.field(), sb).append(" != null");
    } else if (t instanceof Filter.BoolEq b) {
      field(b.field(), sb).append(" != ").append(b.value());
    } else if (t instanceof Filter.NumCmp c && c.op() == Op.EQ) {
      field(c.field(), sb).append(" != ").append(number(c.value()));
    } else if (t instanceof Filter.StrCmp c && c.op() == Op.EQ) {
      field(c.field(), sb).append(" != ");
      string(c.value(), '"', sb);
    } else if (t instanceof Filter.And || t instanceof Filter.Or) {
      sb.append("not (");
      write(t, sb);
      sb.append(')');
    } else {
      sb.append("not ");
      write(t, sb);
    }
  }

  private static void tags(List<String> tags, boolean negated, StringBuilder sb) {
    if (tags.size() == 1) {
      sb.append(negated ? "tag != " : "tag == ");
      string(tags.get(0), '"', sb);
    } else {
      sb.append(negated ? "tag not in " : "tag in ");
      list(List.copyOf(tags), sb);
    }
  }

  private static void list(List<?> values, StringBuilder sb) {
    sb.append('(');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      literal(values.get(i), sb);
    }
    sb.append(')');
  }

  private static void literal(Object v, StringBuilder sb) {
    if (v instanceof String s) {
      string(s, '"', sb);
    } else if (v instanceof Double d) {
      sb.append(number(d));
    } else {
      sb.append(v); // null, true or false
    }
  }

  private static StringBuilder field(Field f, StringBuilder sb) {
    switch (f.scope()) {
      case META -> name(f.name(), false, sb.append("meta."));
      case NUMERIC -> name(f.name(), false, sb.append("num."));
      default -> name(f.name(), true, sb);
    }
    return sb;
  }

  /** A name plain when the lexer would read it back as that name, back-quoted otherwise. */
  private static void name(String name, boolean bare, StringBuilder sb) {
    boolean plain = Lexer.isIdentStart(name.charAt(0));
    for (int i = 1; plain && i < name.length(); i++) {
      plain = Lexer.isIdentPart(name.charAt(i));
    }
    // After 'meta.' or 'num.' any word is a name; bare, a keyword would be read as the keyword.
    if (plain && !(bare && Lexer.isKeyword(name))) {
      sb.append(name);
    } else {
      string(name, '`', sb);
    }
  }

  /** Shortest round-tripping text; integers without ".0" so {@code 2020} stays {@code 2020}. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < PLAIN_INTEGER_LIMIT) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static void string(String s, char quote, StringBuilder sb) {
    sb.append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c == quote) {
            sb.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append(quote);
  }
}
