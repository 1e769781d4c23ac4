package io.pyrope.engine.filter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random filters and records for property tests, with a reference evaluator written straight
 * from the package documentation: no normalization, no sorted lists, no primitive tricks, so a
 * bug in the real evaluator has to be made twice, independently, to go unnoticed.
 */
final class RandomFilters {

  /** Test-side expression tree; rendered to text in many spellings. */
  sealed interface Expr {}

  record Tags(List<String> tags, boolean negated) implements Expr {}

  /** scope: 0 bare, 1 meta., 2 num.; op one of == != < <= > >=; literal String, Double, Boolean or null. */
  record Cmp(int scope, String name, String op, Object literal) implements Expr {}

  record InList(int scope, String name, List<Object> literals, boolean negated) implements Expr {}

  record And(Expr left, Expr right) implements Expr {}

  record Or(Expr left, Expr right) implements Expr {}

  record Not(Expr term) implements Expr {}

  /** A record in the reference representation; meta values may be null (JSON null). */
  record Row(Set<String> tags, Map<String, Double> numerics, Map<String, Object> meta) {
    FilterTarget target() {
      return FilterTarget.of(tags, numerics, new JsonObject(new LinkedHashMap<>(meta)));
    }
  }

  static final String[] STRINGS = {"", "a", "b", "B", "it's", "q\"x", "é", "a b", "\\", "\n"};
  static final double[] NUMBERS = {-1, 0, 0.5, 1, 2, 2.5, 1000, 1e-7};
  static final String[] NUMERIC_NAMES = {"x", "y"};
  static final String[] META_NAMES = {"x", "k", "s", "b", "n", "o", "and", "a b", "zz"};
  private static final String[] ORDERING = {"<", "<=", ">", ">="};
  private static final Object ABSENT = new Object();
  private static final Object JSON_NULL = new Object();

  private final Random rnd;

  RandomFilters(long seed) {
    this.rnd = new Random(seed);
  }

  // ---------------------------------------------------------------- records

  Row row() {
    Set<String> tags = new HashSet<>();
    for (String s : new String[] {"a", "b", "it's", "é"}) {
      if (rnd.nextInt(3) == 0) {
        tags.add(s);
      }
    }
    Map<String, Double> nums = new HashMap<>();
    for (String n : NUMERIC_NAMES) {
      if (rnd.nextBoolean()) {
        nums.put(n, NUMBERS[rnd.nextInt(NUMBERS.length)]);
      }
    }
    Map<String, Object> meta = new HashMap<>();
    for (String k : META_NAMES) {
      if (rnd.nextInt(5) < 3) {
        meta.put(k, metaValue());
      }
    }
    return new Row(tags, nums, meta);
  }

  private Object metaValue() {
    double d = NUMBERS[rnd.nextInt(NUMBERS.length)];
    return switch (rnd.nextInt(9)) {
      case 0, 1 -> STRINGS[rnd.nextInt(STRINGS.length)];
      case 2 -> d;
      case 3 -> (int) d;
      case 4 -> (long) d;
      case 5 -> rnd.nextBoolean();
      case 6 -> null;
      case 7 -> new JsonObject().put("a", 1);
      default -> new JsonArray().add("a");
    };
  }

  // ---------------------------------------------------------------- expressions

  Expr expr(int depth) {
    int pick = rnd.nextInt(depth <= 0 ? 3 : 7);
    return switch (pick) {
      case 0 -> tags();
      case 1 -> cmp();
      case 2 -> inList();
      case 3, 4 -> new And(expr(depth - 1), expr(depth - 1));
      case 5 -> new Or(expr(depth - 1), expr(depth - 1));
      default -> new Not(expr(depth - 1));
    };
  }

  private Expr tags() {
    List<String> tags = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      tags.add(new String[] {"a", "b", "c", "it's", "é"}[rnd.nextInt(5)]);
    }
    return new Tags(tags, rnd.nextBoolean());
  }

  private Expr cmp() {
    int scope = rnd.nextInt(3);
    String op = rnd.nextBoolean() ? (rnd.nextBoolean() ? "==" : "!=") : ORDERING[rnd.nextInt(4)];
    Object lit;
    if (op.equals("==") || op.equals("!=")) {
      lit = scope == 2 ? (rnd.nextInt(4) == 0 ? null : number()) : literal();
    } else {
      lit = scope == 2 || rnd.nextBoolean() ? number() : STRINGS[rnd.nextInt(STRINGS.length)];
    }
    return new Cmp(scope, name(scope), op, lit);
  }

  private Expr inList() {
    int scope = rnd.nextInt(3);
    List<Object> lits = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
      lits.add(scope == 2 ? (rnd.nextInt(5) == 0 ? null : number()) : literal());
    }
    return new InList(scope, name(scope), lits, rnd.nextBoolean());
  }

  private String name(int scope) {
    return scope == 2 ? NUMERIC_NAMES[rnd.nextInt(2)] : META_NAMES[rnd.nextInt(META_NAMES.length)];
  }

  private Double number() {
    return NUMBERS[rnd.nextInt(NUMBERS.length)];
  }

  private Object literal() {
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> number();
      case 2, 3 -> STRINGS[rnd.nextInt(STRINGS.length)];
      case 4 -> rnd.nextBoolean();
      default -> null;
    };
  }

  // ---------------------------------------------------------------- reference evaluator

  static boolean eval(Expr e, Row r) {
    if (e instanceof Tags t) {
      boolean any = t.tags().stream().anyMatch(r.tags()::contains);
      return t.negated() != any;
    } else if (e instanceof Cmp c) {
      Object v = resolve(c.scope(), c.name(), r);
      return switch (c.op()) {
        case "==" -> same(v, c.literal());
        case "!=" -> !same(v, c.literal());
        default -> ordered(v, c.op(), c.literal());
      };
    } else if (e instanceof InList in) {
      Object v = resolve(in.scope(), in.name(), r);
      boolean any = in.literals().stream().anyMatch(l -> same(v, l));
      return in.negated() != any;
    } else if (e instanceof And a) {
      return eval(a.left(), r) && eval(a.right(), r);
    } else if (e instanceof Or o) {
      return eval(o.left(), r) || eval(o.right(), r);
    }
    return !eval(((Not) e).term(), r);
  }

  private static Object resolve(int scope, String name, Row r) {
    if (scope != 1 && r.numerics().containsKey(name)) {
      return r.numerics().get(name);
    }
    if (scope != 2 && r.meta().containsKey(name)) {
      Object v = r.meta().get(name);
      return v == null ? JSON_NULL : v;
    }
    return ABSENT;
  }

  private static boolean same(Object v, Object literal) {
    if (literal == null) {
      return v == ABSENT || v == JSON_NULL;
    } else if (literal instanceof Double d) {
      return v instanceof Number n && n.doubleValue() == d;
    }
    return literal.equals(v); // String or Boolean: same type and value
  }

  private static boolean ordered(Object v, String op, Object literal) {
    int cmp;
    if (literal instanceof Double d && v instanceof Number n) {
      cmp = Double.compare(n.doubleValue(), d); // no NaN here, and 0.0 vs -0.0 never arise
    } else if (literal instanceof String s && v instanceof String t) {
      cmp = t.compareTo(s);
    } else {
      return false;
    }
    return switch (op) {
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      case ">" -> cmp > 0;
      default -> cmp >= 0;
    };
  }

  // ---------------------------------------------------------------- rendering in random spellings

  String render(Expr e) {
    StringBuilder sb = new StringBuilder();
    render(e, sb);
    return sb.toString();
  }

  private static int precedence(Expr e) {
    return e instanceof Or ? 1 : e instanceof And ? 2 : e instanceof Not ? 3 : 4;
  }

  private void child(Expr e, int needed, StringBuilder sb) {
    boolean paren = precedence(e) < needed || rnd.nextInt(6) == 0;
    if (paren) {
      sb.append('(').append(ws(true));
    }
    render(e, sb);
    if (paren) {
      sb.append(ws(true)).append(')');
    }
  }

  private void render(Expr e, StringBuilder sb) {
    if (e instanceof And a) {
      child(a.left(), 2, sb);
      sb.append(ws(false)).append(pick("and", "AND", "And", "&&")).append(ws(false));
      child(a.right(), 2, sb);
    } else if (e instanceof Or o) {
      child(o.left(), 1, sb);
      sb.append(ws(false)).append(pick("or", "OR", "||")).append(ws(false));
      child(o.right(), 1, sb);
    } else if (e instanceof Not n) {
      sb.append(rnd.nextBoolean() ? pick("not", "NOT", "Not") + ws(false) : "!" + ws(true));
      child(n.term(), 3, sb);
    } else if (e instanceof Tags t) {
      sb.append(pick("tag", "tags", "TAG"));
      if (t.tags().size() == 1 && rnd.nextBoolean()) {
        sb.append(ws(false)).append(t.negated() ? pick("!=", "<>") : pick("==", "=")).append(ws(false));
        sb.append(string(t.tags().get(0)));
      } else {
        list(t.tags(), t.negated(), sb);
      }
    } else if (e instanceof Cmp c) {
      sb.append(field(c.scope(), c.name())).append(ws(false));
      String op = switch (c.op()) {
        case "==" -> pick("==", "=");
        case "!=" -> pick("!=", "<>");
        default -> c.op();
      };
      sb.append(op).append(ws(false)).append(literal(c.literal()));
    } else if (e instanceof InList in) {
      sb.append(field(in.scope(), in.name()));
      list(in.literals(), in.negated(), sb);
    }
  }

  private void list(List<?> values, boolean negated, StringBuilder sb) {
    sb.append(ws(false));
    if (negated) {
      sb.append(pick("not", "NOT")).append(ws(false));
    }
    sb.append(pick("in", "IN")).append(ws(true)).append('(').append(ws(true));
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(ws(true)).append(',').append(ws(true));
      }
      sb.append(literal(values.get(i)));
    }
    sb.append(ws(true)).append(')');
  }

  private String field(int scope, String name) {
    boolean plain = name.matches("[A-Za-z_][A-Za-z0-9_]*");
    if (scope == 0) {
      boolean keyword = name.matches("(?i)and|or|not|in|true|false|null|tags?");
      return plain && !keyword && rnd.nextBoolean() ? name : quoted(name, '`');
    }
    String prefix = scope == 1 ? pick("meta.", "META.", "Meta.") : pick("num.", "NUM.");
    return prefix + (plain && rnd.nextBoolean() ? name : quoted(name, '`'));
  }

  private String literal(Object v) {
    if (v == null) {
      return pick("null", "NULL");
    } else if (v instanceof Boolean b) {
      return b ? pick("true", "TRUE") : pick("false", "False");
    } else if (v instanceof Double d) {
      return number(d);
    }
    return string((String) v);
  }

  /** Several exact spellings of the same double. */
  private String number(double d) {
    List<String> forms = new ArrayList<>(List.of(Double.toString(d), new java.math.BigDecimal(Double.toString(d)).toPlainString()));
    if (d == Math.rint(d)) {
      forms.add(Long.toString((long) d));
      forms.add((long) d + "e0");
      forms.add((long) d * 10 + "E-1");
      if (d == 0) {
        forms.add("-0");
      }
    }
    forms.add(Double.toString(d).replace("E", "e"));
    return forms.get(rnd.nextInt(forms.size()));
  }

  private String string(String s) {
    return quoted(s, rnd.nextBoolean() ? '"' : '\'');
  }

  private String quoted(String s, char q) {
    StringBuilder sb = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      if (c == q || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append(rnd.nextBoolean() ? "\\n" : "\n");
      } else if (rnd.nextInt(8) == 0) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(q).toString();
  }

  private String ws(boolean optional) {
    int r = rnd.nextInt(10);
    if (optional && r < 4) {
      return "";
    }
    return r < 8 ? " " : r == 8 ? "  " : "\n\t";
  }

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  Random random() {
    return rnd;
  }
}
