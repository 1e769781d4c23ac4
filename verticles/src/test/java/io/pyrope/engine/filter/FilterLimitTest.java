package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class FilterLimitTest {

  private static FilterSyntaxException assertLimit(String filter, int position, String message) {
    FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse(filter));
    assertEquals(message, e.getMessage());
    assertEquals(position, e.position(), "position");
    assertTrue(e.limitExceeded());
    assertEquals(ErrorCode.VEC_ERR_LIMIT, e.errorCode());
    return e;
  }

  private static String inList(int n) {
    StringJoiner j = new StringJoiner(",", "x in (", ")");
    for (int i = 0; i < n; i++) {
      j.add(Integer.toString(i));
    }
    return j.toString();
  }

  private static String terms(int n) {
    StringJoiner j = new StringJoiner("||");
    for (int i = 0; i < n; i++) {
      j.add("a=" + i);
    }
    return j.toString();
  }

  @Test
  void tooLong() {
    String filter = "x == '" + "a".repeat(4993) + "'";
    assertEquals(5000, filter.length());
    assertLimit(filter, 4096, "filter is too long: 5000 characters, limit 4096");
  }

  @Test
  void longestAcceptedLength() {
    String filter = "x == '" + "a".repeat(FilterParser.MAX_LENGTH - 7) + "'";
    assertEquals(FilterParser.MAX_LENGTH, filter.length());
    assertDoesNotThrow(() -> FilterParser.parse(filter));
  }

  @Test
  void tooDeeplyParenthesised() {
    String filter = "(".repeat(33) + "x == 1" + ")".repeat(33);
    assertLimit(filter, 32, "filter is nested too deeply at position 32: limit 32 levels of parentheses and 'not'");
  }

  @Test
  void deepestAcceptedNesting() {
    assertDoesNotThrow(() -> FilterParser.parse("(".repeat(32) + "x == 1" + ")".repeat(32)));
  }

  @Test
  void tooManyNegations() {
    assertLimit("!".repeat(33) + "x == 1", 32,
        "filter is nested too deeply at position 32: limit 32 levels of parentheses and 'not'");
  }

  @Test
  void nestingFarBeyondTheLimitFailsCleanly() {
    // No stack overflow: the parser stops at the limit.
    assertLimit("(".repeat(4000), 32,
        "filter is nested too deeply at position 32: limit 32 levels of parentheses and 'not'");
  }

  @Test
  void tooManyInListItems() {
    String filter = inList(1025);
    assertLimit(filter, filter.lastIndexOf(",") + 1, "'in' list is too long at position "
        + (filter.lastIndexOf(",") + 1) + ": limit 1024 values");
  }

  @Test
  void longestAcceptedInList() {
    Filter f = FilterParser.parse(inList(FilterParser.MAX_IN_ITEMS));
    assertEquals(FilterParser.MAX_IN_ITEMS, ((Filter.In) f).values().size());
  }

  @Test
  void tooManyConditions() {
    String filter = terms(257);
    int last = filter.lastIndexOf("||") + 2;
    assertLimit(filter, last, "filter has too many conditions at position " + last + ": limit 256");
  }

  @Test
  void mostConditionsAccepted() {
    assertEquals(256, FilterParser.parse(terms(256)).termCount());
  }

  @Test
  void limitErrorsBecomeVecErrLimit() {
    FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse("x".repeat(5000)));
    assertEquals("VEC_ERR_LIMIT filter is too long: 5000 characters, limit 4096", e.toVecException().toRespError());
  }
}
