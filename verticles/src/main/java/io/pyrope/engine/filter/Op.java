package io.pyrope.engine.filter;

/**
 * The comparison of a {@link Filter.NumCmp} or {@link Filter.StrCmp}. There is no "not equal":
 * {@code a != b} is parsed as {@code not (a == b)}, which is what makes it true for a missing
 * field.
 */
public enum Op {
  EQ("=="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  /** The canonical spelling. */
  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** The canonical spelling, e.g. {@code "<="}. */
  public String symbol() {
    return symbol;
  }

  /** {@code a op b} on primitives; false whenever either side is NaN. */
  public boolean test(double a, double b) {
    switch (this) {
      case EQ:
        return a == b;
      case LT:
        return a < b;
      case LE:
        return a <= b;
      case GT:
        return a > b;
      default:
        return a >= b;
    }
  }

  /** {@code a op b} given {@code cmp = a.compareTo(b)}. */
  public boolean test(int cmp) {
    switch (this) {
      case EQ:
        return cmp == 0;
      case LT:
        return cmp < 0;
      case LE:
        return cmp <= 0;
      case GT:
        return cmp > 0;
      default:
        return cmp >= 0;
    }
  }
}
