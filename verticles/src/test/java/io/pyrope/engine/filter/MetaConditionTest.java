package io.pyrope.engine.filter;

import static io.pyrope.engine.filter.Rec.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MetaConditionTest {
  private final Rec red = Rec.empty().meta("color", "red");

  @Test
  void stringEquals() {
    assertTrue(matches("meta.color == 'red'", red));
    assertTrue(matches("color == \"red\"", red));
    assertFalse(matches("color == 'blue'", red));
  }

  @Test
  void stringNotEquals() {
    assertTrue(matches("color != 'blue'", red));
    assertFalse(matches("color != 'red'", red));
  }

  @Test
  void stringsOrderLexicographically() {
    assertTrue(matches("color > 'blue'", red));
    assertTrue(matches("color >= 'red'", red));
    assertTrue(matches("color < 'rose'", red));
    assertTrue(matches("color <= 'red'", red));
    assertFalse(matches("color < 'red'", red));
  }

  @Test
  void stringOrderIsByUtf16CodeUnitSoUpperCaseSortsFirst() {
    assertTrue(matches("color > 'Zebra'", red));
  }

  @Test
  void stringComparisonsAreCaseSensitive() {
    assertFalse(matches("color == 'RED'", red));
  }

  @Test
  void metaNumbersCompareNumericallyWithNumberLiterals() {
    Rec r = Rec.empty().meta("year", 2020).meta("score", 0.5).meta("big", 3_000_000_000L);
    assertTrue(matches("year == 2020.0", r));
    assertTrue(matches("year in (2019, 2020)", r));
    assertTrue(matches("score < 1 and score > 0.25", r));
    assertTrue(matches("big > 2e9", r));
  }

  @Test
  void aNumberNeverEqualsOrOrdersAgainstAString() {
    Rec r = Rec.empty().meta("year", "2020");
    assertFalse(matches("year == 2020", r));
    assertFalse(matches("year < 3000", r));
    assertTrue(matches("year == '2020'", r));
    Rec n = Rec.empty().meta("year", 2020);
    assertFalse(matches("year == '2020'", n));
    assertFalse(matches("year > ''", n));
  }

  @Test
  void booleanEquals() {
    Rec r = Rec.empty().meta("draft", true);
    assertTrue(matches("draft == true", r));
    assertFalse(matches("draft == false", r));
    assertTrue(matches("draft != false", r));
    assertTrue(matches("draft in (true, 'yes')", r));
  }

  @Test
  void booleanDoesNotEqualItsText() {
    assertFalse(matches("draft == 'true'", Rec.empty().meta("draft", true)));
  }

  @Test
  void equalsNullIsTrueForJsonNullAndForAMissingKey() {
    assertTrue(matches("owner == null", Rec.empty().meta("owner", null)));
    assertTrue(matches("owner == null", Rec.empty()));
    assertFalse(matches("owner == null", Rec.empty().meta("owner", "ann")));
  }

  @Test
  void notEqualsNullIsTrueForAPresentValue() {
    assertTrue(matches("owner != null", Rec.empty().meta("owner", "ann")));
    assertFalse(matches("owner != null", Rec.empty().meta("owner", null)));
  }

  @Test
  void inListWithNullMatchesMissingKey() {
    assertTrue(matches("owner in (null, 'ann')", Rec.empty()));
    assertTrue(matches("owner in (null, 'ann')", Rec.empty().meta("owner", "ann")));
    assertFalse(matches("owner in (null, 'ann')", Rec.empty().meta("owner", "bob")));
  }

  @Test
  void everyComparisonIsFalseOnAMissingKey() {
    for (String f : new String[] {"k == 'a'", "k < 'a'", "k > 1", "k == true", "k in ('a', 1)"}) {
      assertFalse(matches(f, Rec.empty()), f);
    }
  }

  @Test
  void notEqualsIsTrueOnAMissingKey() {
    assertTrue(matches("k != 'a'", Rec.empty()));
    assertTrue(matches("k != 1", Rec.empty()));
    assertTrue(matches("k != true", Rec.empty()));
  }

  @Test
  void objectsAndArraysMatchOnlyNegations() {
    Rec r = Rec.empty().meta("o", new JsonObject().put("a", 1)).meta("l", new JsonArray().add("red"));
    for (String f : new String[] {"o == 'a'", "o == 1", "o == null", "l == 'red'", "l in ('red', 1)", "o < 'z'"}) {
      assertFalse(matches(f, r), f);
    }
    assertTrue(matches("l != 'red' and o != null", r));
  }

  @Test
  void metaPrefixAcceptsKeywordsAsKeys() {
    Rec r = Rec.empty().meta("and", 1).meta("Null", "x");
    assertTrue(matches("meta.and == 1 and meta.Null == 'x'", r));
  }

  @Test
  void metaPrefixIsCaseInsensitiveButTheKeyIsNot() {
    Rec r = Rec.empty().meta("Color", "red");
    assertTrue(matches("META.Color == 'red'", r));
    assertFalse(matches("meta.color == 'red'", r));
  }

  @Test
  void backQuotedNamesReachOddKeys() {
    Rec r = Rec.empty().meta("a.b c", 1).meta("x`y", 2);
    assertTrue(matches("`a.b c` == 1", r));
    assertTrue(matches("meta.`a.b c` == 1 and `x\\`y` == 2", r));
  }

  @Test
  void bareNameMetaIsAnOrdinaryKey() {
    assertTrue(matches("meta == 'x' and num == 1", Rec.empty().meta("meta", "x").meta("num", 1)));
  }
}
