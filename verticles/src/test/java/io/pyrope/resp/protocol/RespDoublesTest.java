package io.pyrope.resp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Doubles print like Redis 7.2's d2string, with shortest round-trip digits. */
class RespDoublesTest {

  @Test
  void integralValuesHaveNoFraction() {
    assertEquals("3", RespDoubles.format(3.0));
    assertEquals("-120", RespDoubles.format(-120.0));
    assertEquals("4611686018427387904", RespDoubles.format(0x1p62));
  }

  @Test
  void integralValuesBeyondTwoToThe62UseExponent() {
    assertEquals("1e+20", RespDoubles.format(1e20));
    assertEquals("1.2345e+25", RespDoubles.format(1.2345e25));
  }

  @Test
  void decimalsUsePlainNotationDownToOneMillionth() {
    assertEquals("0.1", RespDoubles.format(0.1));
    assertEquals("123.456", RespDoubles.format(123.456));
    assertEquals("-0.000001", RespDoubles.format(-1e-6));
    assertEquals("0.0001", RespDoubles.format(1e-4));
  }

  @Test
  void tinyValuesUseExponent() {
    assertEquals("1e-7", RespDoubles.format(1e-7));
    assertEquals("1.5e-10", RespDoubles.format(1.5e-10));
    assertEquals("4.9e-324", RespDoubles.format(Double.MIN_VALUE));
  }

  @Test
  void specialValues() {
    assertEquals("nan", RespDoubles.format(Double.NaN));
    assertEquals("inf", RespDoubles.format(Double.POSITIVE_INFINITY));
    assertEquals("-inf", RespDoubles.format(Double.NEGATIVE_INFINITY));
    assertEquals("0", RespDoubles.format(0.0));
    assertEquals("-0", RespDoubles.format(-0.0));
  }

  @Test
  void everyFiniteDoubleReadsBackExactly() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        assertEquals(d, Double.parseDouble(RespDoubles.format(d)), () -> Double.toString(d));
      }
      double f = random.nextFloat(); // typical similarity scores
      assertEquals(f, Double.parseDouble(RespDoubles.format(f)));
    }
  }
}
