package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Filters built in code follow the same normal form as parsed ones. */
class FilterConstructionTest {
  private final Filter a = new Filter.NumCmp(Field.auto("a"), Op.EQ, 1);
  private final Filter b = new Filter.NumCmp(Field.auto("b"), Op.EQ, 2);

  @Test
  void constructedFiltersEqualParsedOnes() {
    Filter built = Filter.and(List.of(new Filter.HasTag(List.of("b", "a", "b")), b, a));
    assertEquals(FilterParser.parse("a == 1 and b == 2 and tag in ('a', 'b')"), built);
  }

  @Test
  void andOfOneDistinctTermIsThatTerm() {
    assertEquals(a, Filter.and(List.of(a, a)));
  }

  @Test
  void andConstructorRejectsASingleTerm() {
    assertThrows(IllegalArgumentException.class, () -> new Filter.And(List.of(a, a)));
  }

  @Test
  void notFactoryRemovesDoubleNegation() {
    assertEquals(a, Filter.not(Filter.not(a)));
  }

  @Test
  void notConstructorRejectsDoubleNegation() {
    assertThrows(IllegalArgumentException.class, () -> new Filter.Not(new Filter.Not(a)));
  }

  @Test
  void inFactoryTurnsASingleValueIntoEquality() {
    assertEquals(a, Filter.in(Field.auto("a"), ValueSet.of(1, 1.0)));
  }

  @Test
  void numericScopeRejectsStrings() {
    assertThrows(IllegalArgumentException.class, () -> new Filter.StrCmp(Field.numeric("p"), Op.EQ, "x"));
    assertThrows(IllegalArgumentException.class, () -> new Filter.In(Field.numeric("p"), ValueSet.of(1, "x")));
  }

  @Test
  void numbersMustBeFinite() {
    assertThrows(IllegalArgumentException.class, () -> new Filter.NumCmp(Field.auto("a"), Op.LT, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ValueSet.of(Double.POSITIVE_INFINITY));
  }
}
