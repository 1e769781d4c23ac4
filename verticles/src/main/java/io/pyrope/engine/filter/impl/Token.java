package io.pyrope.engine.filter.impl;

/**
 * One lexical token of a filter.
 *
 * @param kind what it is
 * @param start 0-based index of its first char in the filter text
 * @param end index just past its last char
 * @param text the decoded value for {@link Kind#STRING} and {@link Kind#QUOTED_NAME}, the name
 *     for {@link Kind#NAME}, the source text otherwise
 * @param number the value of a {@link Kind#NUMBER}, 0 otherwise
 */
record Token(Kind kind, int start, int end, String text, double number) {

  enum Kind {
    LPAREN, RPAREN, COMMA, DOT,
    /** {@code ==} or {@code =}. */
    EQ,
    /** {@code !=} or {@code <>}. */
    NE,
    LT, LE, GT, GE,
    /** {@code and} or {@code &&}. */
    AND,
    /** {@code or} or {@code ||}. */
    OR,
    /** {@code not} or {@code !}. */
    NOT,
    IN, TRUE, FALSE, NULL,
    /** {@code tag} or {@code tags}. */
    TAG,
    /** A bare identifier that is not a keyword. */
    NAME,
    /** A back-quoted name: {@code `odd name`}. */
    QUOTED_NAME,
    STRING, NUMBER, EOF
  }

  /** True for a token spelled as a word ({@code and}, {@code tag}, a name), not a symbol. */
  boolean isWord() {
    return switch (kind) {
      case STRING, QUOTED_NAME, EOF -> false;
      default -> !text.isEmpty() && Lexer.isIdentStart(text.charAt(0));
    };
  }
}
