package io.pyrope.engine.filter;

import io.pyrope.engine.filter.impl.Parser;

/**
 * Entry point of the filter language: text in, immutable {@link Filter} out. The grammar and
 * the semantics are in the package documentation.
 *
 * <p>Stateless and thread-safe. Parsing is linear in the input length and bounded by the limits
 * below, so it is safe to run on an event loop for every {@code VEC.SEARCH}.
 */
public final class FilterParser {

  /** Longest filter text accepted, in UTF-16 chars; the error's position is this index, the first char over. */
  public static final int MAX_LENGTH = 4096;
  /** Deepest nesting of parentheses and {@code not} accepted; bounds the parser's recursion. */
  public static final int MAX_DEPTH = 32;
  /** Most values one {@code in (...)} list may hold. */
  public static final int MAX_IN_ITEMS = 1024;
  /** Most conditions (comparisons and {@code in} tests) one filter may hold. */
  public static final int MAX_TERMS = 256;

  private FilterParser() {}

  /**
   * Parses a filter expression.
   *
   * @param text the expression, e.g. {@code tag == "red" and price < 10}
   * @return the normalized filter; equivalent spellings give equal filters
   * @throws FilterSyntaxException for any text that is not a valid filter, including null, blank
   *     and over-limit input; never anything else
   */
  public static Filter parse(String text) {
    return Parser.parse(text);
  }
}
