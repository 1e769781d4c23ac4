package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.bus.ErrorCode;
import org.junit.jupiter.api.Test;

/** One test per error: the exact client-facing message and the position it carries. */
class FilterErrorTest {

  private static void assertError(String filter, int position, String message) {
    FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse(filter));
    assertEquals(message, e.getMessage());
    assertEquals(position, e.position(), "position");
    assertFalse(e.limitExceeded());
    assertEquals(ErrorCode.VEC_ERR_SYNTAX, e.errorCode());
  }

  @Test
  void unclosedParenthesis() {
    assertError("(price < 10", 11, "bad filter at position 11: expected ')' but found end of input");
  }

  @Test
  void unclosedParenthesisBeforeMoreText() {
    assertError("(price < 10 tag == 'a'", 12, "bad filter at position 12: expected ')' but found 'tag'");
  }

  @Test
  void unmatchedClosingParenthesis() {
    assertError("price < 10)", 10, "bad filter at position 10: unmatched ')'");
  }

  @Test
  void trailingGarbage() {
    assertError("price < 10 blue", 11,
        "bad filter at position 11: expected 'and', 'or' or end of input but found 'blue'");
  }

  @Test
  void emptyInput() {
    assertError("", 0, "filter is empty");
  }

  @Test
  void blankInput() {
    assertError(" \t\n", 0, "filter is empty");
  }

  @Test
  void nullInput() {
    assertError(null, 0, "filter is empty");
  }

  @Test
  void emptyParentheses() {
    assertError("()", 1,
        "bad filter at position 1: expected a condition (a field name, 'tag', 'not' or '(') but found ')'");
  }

  @Test
  void danglingAnd() {
    assertError("tag == 'a' and", 14,
        "bad filter at position 14: expected a condition (a field name, 'tag', 'not' or '(') but found end of input");
  }

  @Test
  void numberWithTwoDots() {
    assertError("price < 1.2.3", 8, "bad number '1.2.3' at position 8");
  }

  @Test
  void numberRunningIntoLetters() {
    assertError("price < 12abc", 8, "bad number '12abc' at position 8");
  }

  @Test
  void numberWithEmptyExponent() {
    assertError("price < 1e+", 8, "bad number '1e+' at position 8");
  }

  @Test
  void numberWithTrailingDot() {
    assertError("price < 5.", 8, "bad number '5.' at position 8");
  }

  @Test
  void numberOutOfRange() {
    assertError("price < 1e999", 8, "number out of range '1e999' at position 8");
  }

  @Test
  void unterminatedString() {
    assertError("color == \"red", 9, "unterminated string starting at position 9");
  }

  @Test
  void unterminatedStringEndingInABackslash() {
    assertError("color == 'red\\", 9, "unterminated string starting at position 9");
  }

  @Test
  void unterminatedQuotedName() {
    assertError("`odd name == 1", 0, "unterminated quoted name starting at position 0");
  }

  @Test
  void emptyQuotedName() {
    assertError("`` == 1", 0, "empty quoted name at position 0");
  }

  @Test
  void unknownEscape() {
    assertError("s == 'a\\qb'", 7, "bad escape '\\q' in string at position 7");
  }

  @Test
  void shortUnicodeEscape() {
    assertError("s == '\\u12x'", 6, "bad escape '\\u12x' at position 6: expected \\u and 4 hex digits");
  }

  @Test
  void unknownOperator() {
    assertError("price => 5", 6, "unknown operator '=>' at position 6");
  }

  @Test
  void tripleEquals() {
    assertError("price === 5", 6, "unknown operator '===' at position 6");
  }

  @Test
  void loneAmpersand() {
    assertError("a == 1 & b == 2", 7, "unknown operator '&' at position 7");
  }

  @Test
  void unexpectedCharacter() {
    assertError("price # 5", 6, "unexpected character '#' at position 6");
  }

  @Test
  void controlCharacterIsShownEscaped() {
    assertError("price \u0001 5", 6, "unexpected character '\\u0001' at position 6");
  }

  @Test
  void inWithoutParenthesisedList() {
    assertError("tag in \"red\"", 7, "'in' needs a parenthesised list at position 7");
  }

  @Test
  void inWithoutAnything() {
    assertError("year in", 7, "'in' needs a parenthesised list at position 7");
  }

  @Test
  void emptyInList() {
    assertError("year in ()", 9, "bad filter at position 9: 'in' list is empty");
  }

  @Test
  void inListWithoutComma() {
    assertError("year in (1 2)", 11, "bad filter at position 11: expected ',' or ')' in the 'in' list but found '2'");
  }

  @Test
  void inListWithTrailingComma() {
    assertError("year in (1,)", 11,
        "bad filter at position 11: expected a value (a string, number, true, false or null) but found ')'");
  }

  @Test
  void notWithoutIn() {
    assertError("year not 5", 9, "bad filter at position 9: expected 'in' after 'not' but found '5'");
  }

  @Test
  void missingOperator() {
    assertError("price", 5, "bad filter at position 5: expected a comparison operator after 'price' but found end of input");
  }

  @Test
  void missingOperatorAfterPrefixedName() {
    assertError("meta.`a b` 'x'", 11,
        "bad filter at position 11: expected a comparison operator after 'meta.`a b`' but found ''x''");
  }

  @Test
  void missingValue() {
    assertError("price <", 7,
        "bad filter at position 7: expected a value (a string, number, true, false or null) but found end of input");
  }

  @Test
  void valueIsANameNotALiteral() {
    assertError("price < cost", 8,
        "bad filter at position 8: expected a value (a string, number, true, false or null) but found 'cost'");
  }

  @Test
  void orderingNeedsANumberOrAString() {
    assertError("flag < true", 7, "bad filter at position 7: '<' needs a number or a string, found 'true'");
    assertError("x >= null", 5, "bad filter at position 5: '>=' needs a number or a string, found 'null'");
  }

  @Test
  void tagValuesMustBeStrings() {
    assertError("tag == 2020", 7, "bad filter at position 7: tag values are strings, found '2020'");
    assertError("tag in ('a', null)", 13, "bad filter at position 13: tag values are strings, found 'null'");
  }

  @Test
  void tagsDoNotOrder() {
    assertError("tag < 'm'", 4, "bad filter at position 4: '<' does not apply to tags; use ==, != or in");
  }

  @Test
  void tagNeedsAnOperator() {
    assertError("tag.x == 1", 3, "bad filter at position 3: expected '==', '!=' or 'in' after 'tag' but found '.'");
  }

  @Test
  void numericFieldComparedWithAString() {
    assertError("num.price == 'x'", 13, "bad filter at position 13: num.price holds numbers, found ''x''");
  }

  @Test
  void numericFieldInListWithABoolean() {
    assertError("num.price in (1, true)", 17, "bad filter at position 17: num.price holds numbers, found 'true'");
  }

  @Test
  void unknownPrefix() {
    assertError("foo.bar == 1", 0, "bad filter at position 0: unknown prefix 'foo.', use 'meta.' or 'num.'");
  }

  @Test
  void prefixWithoutName() {
    assertError("meta. == 1", 6, "bad filter at position 6: expected a name after 'meta.' but found '=='");
  }

  @Test
  void literalOnTheLeft() {
    assertError("5 < price", 0,
        "bad filter at position 0: expected a condition (a field name, 'tag', 'not' or '(') but found '5'");
  }

  @Test
  void longTokensAreShortenedInMessages() {
    String name = "x".repeat(100);
    assertError(name, 100, "bad filter at position 100: expected a comparison operator after '"
        + "x".repeat(32) + "...' but found end of input");
  }

  @Test
  void syntaxErrorsBecomeVecErrSyntax() {
    FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse("price => 5"));
    assertEquals("VEC_ERR_SYNTAX unknown operator '=>' at position 6", e.toVecException().toRespError());
  }
}
