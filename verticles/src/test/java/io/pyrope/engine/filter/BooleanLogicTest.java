package io.pyrope.engine.filter;

import static io.pyrope.engine.filter.Rec.matches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BooleanLogicTest {
  private final Rec a = Rec.tags("a");
  private final Rec b = Rec.tags("b");
  private final Rec ab = Rec.tags("a", "b");

  @Test
  void andNeedsBothSides() {
    assertTrue(matches("tag == 'a' and tag == 'b'", ab));
    assertFalse(matches("tag == 'a' and tag == 'b'", a));
  }

  @Test
  void orNeedsEitherSide() {
    assertTrue(matches("tag == 'a' or tag == 'b'", b));
    assertFalse(matches("tag == 'a' or tag == 'b'", Rec.empty()));
  }

  @Test
  void notNegates() {
    assertTrue(matches("not tag == 'a'", b));
    assertFalse(matches("not tag == 'a'", a));
  }

  @Test
  void andBindsTighterThanOr() {
    // a or (b and c): true for a record with only 'a'; (a or b) and c would be false.
    assertTrue(matches("tag == 'a' or tag == 'b' and tag == 'c'", a));
    assertEquals(FilterParser.parse("tag == 'a' or (tag == 'b' and tag == 'c')"),
        FilterParser.parse("tag == 'a' or tag == 'b' and tag == 'c'"));
  }

  @Test
  void notBindsTighterThanAnd() {
    // (not a) and b: false for a record with both; not (a and b) is also false there, so use 'b' only.
    assertTrue(matches("not tag == 'a' and tag == 'b'", b));
    assertFalse(matches("not tag == 'a' and tag == 'b'", a));
    assertEquals(FilterParser.parse("(not tag == 'a') and tag == 'b'"),
        FilterParser.parse("not tag == 'a' and tag == 'b'"));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertFalse(matches("(tag == 'a' or tag == 'b') and tag == 'c'", a));
    assertTrue(matches("(tag == 'a' or tag == 'b') and tag != 'c'", a));
  }

  @Test
  void notAppliesToAParenthesisedGroup() {
    assertTrue(matches("not (tag == 'a' and tag == 'b')", a));
    assertFalse(matches("not (tag == 'a' and tag == 'b')", ab));
  }

  @Test
  void doubleNegationCancels() {
    assertEquals(FilterParser.parse("tag == 'a'"), FilterParser.parse("not not tag == 'a'"));
    assertEquals(FilterParser.parse("tag == 'a'"), FilterParser.parse("!!tag == 'a'"));
  }

  @Test
  void symbolicOperatorsMeanTheKeywords() {
    assertEquals(FilterParser.parse("not tag == 'a' and tag == 'b' or tag == 'c'"),
        FilterParser.parse("!tag == 'a' && tag == 'b' || tag == 'c'"));
  }

  @Test
  void bangBeforeAGroupAfterAnAnd() {
    assertTrue(matches("tag == 'b'&&!(tag == 'a')", b));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertEquals(FilterParser.parse("not x == 1 and y == true or z == null"),
        FilterParser.parse("NOT x == 1 And y == TRUE oR z == Null"));
  }

  @Test
  void redundantParenthesesAreHarmless() {
    assertEquals(FilterParser.parse("tag == 'a'"), FilterParser.parse("((( tag == 'a' )))"));
  }

  @Test
  void whitespaceIsOptionalAroundSymbols() {
    assertEquals(FilterParser.parse("price < 10 and tag in ('a', 'b')"),
        FilterParser.parse("price<10 and tag in('a','b')"));
  }

  @Test
  void anyWhitespaceSeparatesTokens() {
    assertTrue(matches("tag\t==\n'a'\r\nand\ftag != 'z'", a));
  }
}
