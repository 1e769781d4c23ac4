package io.pyrope.engine.filter;

import static io.pyrope.engine.filter.Rec.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumericConditionTest {
  private final Rec price5 = Rec.empty().num("price", 5);

  @Test
  void equals() {
    assertTrue(matches("price == 5", price5));
    assertTrue(matches("price = 5.0", price5));
    assertFalse(matches("price == 6", price5));
  }

  @Test
  void notEquals() {
    assertTrue(matches("price != 6", price5));
    assertFalse(matches("price != 5", price5));
  }

  @Test
  void lessThan() {
    assertTrue(matches("price < 10", price5));
    assertFalse(matches("price < 5", price5));
  }

  @Test
  void lessOrEqual() {
    assertTrue(matches("price <= 5", price5));
    assertFalse(matches("price <= 4.99", price5));
  }

  @Test
  void greaterThan() {
    assertTrue(matches("price > 2.5", price5));
    assertFalse(matches("price > 5", price5));
  }

  @Test
  void greaterOrEqual() {
    assertTrue(matches("price >= 5", price5));
    assertFalse(matches("price >= 5.01", price5));
  }

  @Test
  void negativeAndExponentLiterals() {
    Rec r = Rec.empty().num("t", -0.25);
    assertTrue(matches("t == -2.5e-1", r));
    assertTrue(matches("t > -1 and t < 1E2", r));
  }

  @Test
  void inListMatchesAnyValue() {
    Rec r = Rec.empty().num("year", 2021);
    assertTrue(matches("year in (2020, 2021)", r));
    assertFalse(matches("year in (2019, 2020)", r));
  }

  @Test
  void notInList() {
    Rec r = Rec.empty().num("year", 2021);
    assertFalse(matches("year not in (2020, 2021)", r));
    assertTrue(matches("year not in (2019, 2020)", r));
  }

  @Test
  void everyOrderingOperatorIsFalseOnAMissingField() {
    for (String op : new String[] {"==", "<", "<=", ">", ">="}) {
      assertFalse(matches("price " + op + " 5", Rec.empty()), op);
    }
    assertFalse(matches("price in (5, 6)", Rec.empty()));
  }

  @Test
  void notEqualsAndNotInAreTrueOnAMissingField() {
    assertTrue(matches("price != 5", Rec.empty()));
    assertTrue(matches("price not in (5, 6)", Rec.empty()));
  }

  @Test
  void negatedOrderingIsNotTheOppositeOrdering() {
    // not (price < 5) holds for a missing price; price >= 5 does not.
    assertTrue(matches("not price < 5", Rec.empty()));
    assertFalse(matches("price >= 5", Rec.empty()));
  }

  @Test
  void equalsNullIsTrueOnlyWhenTheFieldIsMissing() {
    assertTrue(matches("price == null", Rec.empty()));
    assertFalse(matches("price == null", price5));
    assertTrue(matches("price != null", price5));
  }

  @Test
  void numericFieldNeverEqualsAString() {
    assertFalse(matches("price == '5'", price5));
    assertFalse(matches("price < 'z'", price5));
    assertTrue(matches("price != '5'", price5));
  }

  @Test
  void bareNamePrefersTheNumericFieldOverTheMetaKey() {
    Rec r = Rec.empty().num("price", 5).meta("price", 7);
    assertTrue(matches("price == 5", r));
    assertTrue(matches("meta.price == 7", r));
  }

  @Test
  void numPrefixNeverFallsBackToMeta() {
    Rec r = Rec.empty().meta("price", 5);
    assertTrue(matches("price == 5", r));
    assertFalse(matches("num.price == 5", r));
    assertTrue(matches("num.price == null", r));
  }

  @Test
  void numPrefixReadsTheNumericField() {
    assertTrue(matches("num.price >= 5 and NUM.price <= 5", price5));
  }

  @Test
  void negativeZeroEqualsZero() {
    Rec r = Rec.empty().num("x", 0);
    assertTrue(matches("x == -0", r));
    assertTrue(matches("x in (-0.0, 3)", r));
    assertTrue(matches("x in (0, 3)", Rec.empty().num("x", -0.0)));
  }
}
