package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CanonicalFormTest {

  private static String canonical(String filter) {
    return FilterParser.parse(filter).canonical();
  }

  private static void assertSameKey(String expected, String... spellings) {
    for (String s : spellings) {
      assertEquals(expected, canonical(s), s);
      assertEquals(FilterParser.parse(expected), FilterParser.parse(s), s);
    }
  }

  @Test
  void briefExampleSpellingsAgree() {
    assertSameKey("a == 1 and tag in (\"a\", \"b\")",
        "a=1 AND tag in ('b','a')",
        "a == 1 and tag in (\"a\",\"b\")");
  }

  @Test
  void equalitySpellings() {
    assertSameKey("price == 5", "price = 5", "price==5.0", "(price == 5e0)", "price in (5)");
  }

  @Test
  void notEqualSpellings() {
    assertSameKey("price != 5", "price <> 5", "not price == 5", "!(price = 5)", "price not in (5)");
  }

  @Test
  void keywordCaseAndSymbols() {
    assertSameKey("not x < 1 and (y == true or z == null)",
        "NOT x < 1 AND (y = TRUE OR z = NULL)",
        "!x<1 && (y==true || z==null)");
  }

  @Test
  void inListsAreSortedAndDeduplicated() {
    assertSameKey("x in (null, false, true, -1, 2.5, 10, \"A\", \"a\", \"b\")",
        "x in ('b', 10, true, 'a', null, 2.50, false, -1, 'A', 'b', 1e1)");
  }

  @Test
  void tagListsAreSortedAndDeduplicated() {
    assertSameKey("tag in (\"a\", \"b\")", "tags IN ('b', 'a', 'b')");
    assertSameKey("tag == \"a\"", "tag in ('a', 'a')");
    assertSameKey("tag not in (\"a\", \"b\")", "not tag in ('b', 'a')");
  }

  @Test
  void termsOfAndAndOrAreSortedFlattenedAndDeduplicated() {
    assertSameKey("a == 1 and b == 2 and c == 3",
        "c == 3 and (b == 2 and a == 1)", "b = 2 and a = 1 and c = 3 and a = 1");
    assertSameKey("a == 1 or b == 2", "(b == 2 or a == 1) or a == 1");
    assertSameKey("a == 1", "a == 1 and a == 1");
  }

  @Test
  void orInsideAndKeepsItsParentheses() {
    assertSameKey("(a == 1 or b == 2) and c == 3", "c == 3 and (b = 2 or a = 1)");
  }

  @Test
  void notOfAGroupKeepsItsParentheses() {
    assertSameKey("not (a == 1 and b == 2)", "!(b = 2 && a = 1)");
  }

  @Test
  void numbersAreNormalized() {
    assertSameKey("x == 2020", "x == 2020.000");
    assertSameKey("x == 0.1", "x == 1e-1");
    assertSameKey("x == -2.5", "x == -25E-1");
    assertSameKey("x == 0", "x == -0.0");
    assertSameKey("x == 1.0E20", "x == 100000000000000000000");
    assertSameKey("x == 1.0E-7", "x == 0.0000001");
  }

  @Test
  void stringsAreDoubleQuotedWithMinimalEscapes() {
    assertSameKey("s == \"it's \\\"x\\\" \\\\ \\n\"", "s == 'it\\'s \"x\" \\\\ \\n'");
    assertSameKey("s == \"\\u0001\"", "s == '\\u0001'");
    assertSameKey("s == \"é\"", "s == '\\u00e9'");
  }

  @Test
  void prefixesAreLowerCasedAndNamesQuotedOnlyWhenNeeded() {
    assertSameKey("meta.Color == \"red\"", "META.Color == 'red'", "meta.`Color` == 'red'");
    assertSameKey("num.price > 1", "Num.price > 1");
    assertSameKey("`a b` == 1", "`a b` = 1");
    assertSameKey("`and` == 1", "`and` = 1");
    assertSameKey("meta.and == 1", "meta.`and` == 1");
    assertSameKey("x == 1", "`x` == 1");
  }

  @Test
  void scopesStayDistinct() {
    assertNotEquals(canonical("x == 1"), canonical("meta.x == 1"));
    assertNotEquals(canonical("x == 1"), canonical("num.x == 1"));
  }

  @Test
  void differentMeaningsGiveDifferentKeys() {
    assertNotEquals(canonical("not x < 1"), canonical("x >= 1"));
    assertNotEquals(canonical("x == '1'"), canonical("x == 1"));
    assertNotEquals(canonical("a == 1 or b == 2 and c == 3"), canonical("(a == 1 or b == 2) and c == 3"));
  }

  @Test
  void canonicalTextParsesBackToAnEqualFilter() {
    String[] filters = {
      "tag == 'a' or not (price < 10 and meta.`x y` in ('q', 2, null)) and s >= 'm'",
      "x not in (true, 1) or num.p != -0.5 or `tags` == false",
      "!!!(a == 1 || b == 2) && c <> null",
    };
    for (String f : filters) {
      Filter parsed = FilterParser.parse(f);
      assertEquals(parsed, FilterParser.parse(parsed.canonical()), f);
      assertEquals(parsed.canonical(), FilterParser.parse(parsed.canonical()).canonical(), f);
    }
  }
}
