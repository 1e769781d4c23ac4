package io.pyrope.engine.filter;

import static io.pyrope.engine.filter.Rec.matches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LiteralTest {

  private static Object literalOf(String literal) {
    Filter f = FilterParser.parse("k == " + literal);
    if (f instanceof Filter.StrCmp s) {
      return s.value();
    } else if (f instanceof Filter.NumCmp n) {
      return n.value();
    } else if (f instanceof Filter.BoolEq b) {
      return b.value();
    } else if (f instanceof Filter.IsNull) {
      return null;
    }
    throw new AssertionError(f);
  }

  @Test
  void doubleAndSingleQuotesMeanTheSame() {
    assertEquals("red", literalOf("\"red\""));
    assertEquals("red", literalOf("'red'"));
  }

  @Test
  void theOtherQuoteNeedsNoEscape() {
    assertEquals("it's", literalOf("\"it's\""));
    assertEquals("say \"hi\"", literalOf("'say \"hi\"'"));
  }

  @Test
  void backslashEscapes() {
    assertEquals("a\"b'c\\d/e`f", literalOf("\"a\\\"b\\'c\\\\d\\/e\\`f\""));
    assertEquals("\n\t\r\b\f", literalOf("'\\n\\t\\r\\b\\f'"));
  }

  @Test
  void unicodeEscape() {
    assertEquals("caf\u00e9 \u2603", literalOf("'caf\\u00E9 \\u2603'"));
  }

  @Test
  void nonAsciiTextNeedsNoEscape() {
    assertTrue(matches("city == 'Zürich' and tag == '東京'", Rec.tags("東京").meta("city", "Zürich")));
  }

  @Test
  void emptyString() {
    assertEquals("", literalOf("''"));
  }

  @Test
  void integers() {
    assertEquals(42.0, literalOf("42"));
    assertEquals(-42.0, literalOf("-42"));
    assertEquals(7.0, literalOf("007"));
  }

  @Test
  void decimalsAndExponents() {
    assertEquals(2.5, literalOf("2.5"));
    assertEquals(-0.125, literalOf("-0.125"));
    assertEquals(1e3, literalOf("1e3"));
    assertEquals(1.5e-3, literalOf("1.5E-3"));
    assertEquals(2e10, literalOf("2e+10"));
  }

  @Test
  void negativeZeroIsZero() {
    assertEquals(0.0, literalOf("-0"));
  }

  @Test
  void hugeIntegersBecomeDoubles() {
    assertEquals(1.2345678901234568e29, literalOf("123456789012345678901234567890"));
  }

  @Test
  void booleansAndNull() {
    assertEquals(true, literalOf("true"));
    assertEquals(false, literalOf("FALSE"));
    assertEquals(null, literalOf("NULL"));
  }
}
