package io.pyrope.engine.filter.impl;

import io.pyrope.engine.filter.FilterSyntaxException;
import io.pyrope.engine.filter.impl.Token.Kind;
import java.util.Locale;

/**
 * Splits filter text into {@link Token}s, one at a time, so that the leftmost error is the one
 * reported. Every lexical error names its position; nothing but {@link FilterSyntaxException}
 * escapes.
 *
 * <p>Operators are matched longest first among the known ones. An operator immediately followed
 * by another comparison character ({@code =>}, {@code ===}, {@code <<}) is reported as one
 * unknown operator, because reading {@code =>} as {@code =} then {@code >} would give a confusing
 * "expected a value" error instead. {@code !} is exempt so that {@code a && !b} and {@code !!a}
 * lex as expected.
 *
 * <p>Not thread-safe: one lexer per parse.
 */
final class Lexer {

  /** Characters that can form an operator; used to report the whole of an unknown one. */
  private static final String OPERATOR_CHARS = "=<>!&|";
  /** Characters that may not directly follow an operator. */
  private static final String CLASHING_CHARS = "=<>&|";
  /** Longest text quoted back in an error message, so a 4 KB token does not flood the reply. */
  private static final int MAX_QUOTED = 32;

  /** The filter text. */
  private final String src;
  /** Index of the next char to read. */
  private int pos;

  Lexer(String src) {
    this.src = src;
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** True when {@code name} is a reserved word in any letter case and so must be back-quoted. */
  static boolean isKeyword(String name) {
    return keyword(name.toLowerCase(Locale.ROOT)) != Kind.NAME;
  }

  private static Kind keyword(String lower) {
    return switch (lower) {
      case "and" -> Kind.AND;
      case "or" -> Kind.OR;
      case "not" -> Kind.NOT;
      case "in" -> Kind.IN;
      case "true" -> Kind.TRUE;
      case "false" -> Kind.FALSE;
      case "null" -> Kind.NULL;
      case "tag", "tags" -> Kind.TAG;
      default -> Kind.NAME;
    };
  }

  /** Source text for an error message: quoted, shortened, control chars made visible. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("'");
    int n = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(text.length() > MAX_QUOTED ? "...'" : "'").toString();
  }

  Token next() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= src.length()) {
      return new Token(Kind.EOF, start, start, "", 0);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '(':
        return symbol(Kind.LPAREN, 1);
      case ')':
        return symbol(Kind.RPAREN, 1);
      case ',':
        return symbol(Kind.COMMA, 1);
      case '.':
        return symbol(Kind.DOT, 1);
      case '"':
      case '\'':
        String value = readQuoted(c, "string");
        return new Token(Kind.STRING, start, pos, value, 0);
      case '`':
        String name = readQuoted('`', "quoted name");
        if (name.isEmpty()) {
          throw FilterSyntaxException.syntax(start, "empty quoted name at position " + start);
        }
        return new Token(Kind.QUOTED_NAME, start, pos, name, 0);
      default:
        break;
    }
    if (isDigit(c) || (c == '-' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      return number();
    }
    if (isIdentStart(c)) {
      while (pos < src.length() && isIdentPart(src.charAt(pos))) {
        pos++;
      }
      String word = src.substring(start, pos);
      return new Token(keyword(word.toLowerCase(Locale.ROOT)), start, pos, word, 0);
    }
    if (OPERATOR_CHARS.indexOf(c) >= 0) {
      return operator();
    }
    String shown = Character.isHighSurrogate(c) && pos + 1 < src.length()
        ? src.substring(pos, pos + 2) : String.valueOf(c);
    throw FilterSyntaxException.syntax(start, "unexpected character " + quote(shown) + " at position " + start);
  }

  private Token symbol(Kind kind, int length) {
    int start = pos;
    pos += length;
    return new Token(kind, start, pos, src.substring(start, pos), 0);
  }

  private Token operator() {
    int start = pos;
    String two = pos + 1 < src.length() ? src.substring(pos, pos + 2) : "";
    Kind kind = switch (two) {
      case "==" -> Kind.EQ;
      case "!=", "<>" -> Kind.NE;
      case "<=" -> Kind.LE;
      case ">=" -> Kind.GE;
      case "&&" -> Kind.AND;
      case "||" -> Kind.OR;
      default -> null;
    };
    int length = 2;
    if (kind == null) {
      length = 1;
      kind = switch (src.charAt(pos)) {
        case '=' -> Kind.EQ;
        case '<' -> Kind.LT;
        case '>' -> Kind.GT;
        case '!' -> Kind.NOT;
        default -> null; // a lone '&' or '|'
      };
    }
    int after = pos + length;
    if (kind == null || (after < src.length() && CLASHING_CHARS.indexOf(src.charAt(after)) >= 0)) {
      int end = pos;
      while (end < src.length() && OPERATOR_CHARS.indexOf(src.charAt(end)) >= 0) {
        end++;
      }
      throw FilterSyntaxException.syntax(start,
          "unknown operator " + quote(src.substring(start, end)) + " at position " + start);
    }
    return symbol(kind, length);
  }

  /** {@code -?digits(.digits)?([eE][+-]?digits)?}, not directly followed by a name char or a dot. */
  private Token number() {
    int start = pos;
    boolean ok = true;
    if (src.charAt(pos) == '-') {
      pos++;
    }
    skipDigits();
    if (pos < src.length() && src.charAt(pos) == '.') {
      pos++;
      ok = skipDigits() > 0;
    }
    if (ok && pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      ok = skipDigits() > 0;
    }
    if (!ok || (pos < src.length() && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '.'))) {
      // Quote the whole malformed run (1.2.3, 12abc, 1e+) rather than where scanning stopped.
      while (pos < src.length() && (isIdentPart(src.charAt(pos)) || "+-.".indexOf(src.charAt(pos)) >= 0)) {
        pos++;
      }
      throw FilterSyntaxException.syntax(start,
          "bad number " + quote(src.substring(start, pos)) + " at position " + start);
    }
    String text = src.substring(start, pos);
    double value = Double.parseDouble(text); // cannot fail: the text matched the pattern above
    if (Double.isInfinite(value)) {
      throw FilterSyntaxException.syntax(start, "number out of range " + quote(text) + " at position " + start);
    }
    return new Token(Kind.NUMBER, start, pos, text, value == 0 ? 0.0 : value);
  }

  private int skipDigits() {
    int from = pos;
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      pos++;
    }
    return pos - from;
  }

  /** Reads a {@code q}-quoted run with backslash escapes; leaves {@code pos} after the closing quote. */
  private String readQuoted(char q, String what) {
    int start = pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw FilterSyntaxException.syntax(start, "unterminated " + what + " starting at position " + start);
      }
      char c = src.charAt(pos);
      if (c == q) {
        pos++;
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        pos++;
        continue;
      }
      int esc = pos;
      if (pos + 1 >= src.length()) {
        throw FilterSyntaxException.syntax(start, "unterminated " + what + " starting at position " + start);
      }
      char e = src.charAt(pos + 1);
      pos += 2;
      switch (e) {
        case '\\', '"', '\'', '`', '/' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> sb.append(unicodeEscape(esc));
        default -> throw FilterSyntaxException.syntax(esc,
            "bad escape " + quote("\\" + e) + " in " + what + " at position " + esc);
      }
    }
  }

  /** The four hex digits after {@code \\u} at {@code esc}; {@code pos} is just past the 'u'. */
  private char unicodeEscape(int esc) {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int d = pos < src.length() ? Character.digit(src.charAt(pos), 16) : -1;
      if (d < 0 || src.charAt(pos) > 'f') { // Character.digit also accepts non-ASCII digits
        int end = Math.min(src.length(), pos + 1); // up to and including the offending char
        throw FilterSyntaxException.syntax(esc,
            "bad escape " + quote(src.substring(esc, end)) + " at position " + esc + ": expected \\u and 4 hex digits");
      }
      value = value * 16 + d;
      pos++;
    }
    return (char) value;
  }
}
