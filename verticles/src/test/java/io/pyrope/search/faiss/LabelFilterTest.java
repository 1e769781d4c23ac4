package io.pyrope.search.faiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The bitmap layout is FAISS's IDSelectorBitmap layout, bit for bit. */
class LabelFilterTest {

  @Test
  void bytesFollowIdSelectorBitmapOrder() {
    LabelFilter filter = LabelFilter.withCapacity(70).allow(0).allow(9).allow(63).allow(64);
    byte[] bytes = filter.toBitmapBytes();
    assertEquals(16, bytes.length);
    assertEquals(0b0000_0001, bytes[0]); // label 0: byte 0, bit 0
    assertEquals(0b0000_0010, bytes[1]); // label 9: byte 1, bit 1
    assertEquals((byte) 0b1000_0000, bytes[7]); // label 63: byte 7, bit 7
    assertEquals(0b0000_0001, bytes[8]); // label 64: byte 8, bit 0
  }

  @Test
  void bitSetLayoutIsTheSame() {
    BitSet bits = new BitSet();
    bits.set(3);
    bits.set(100);
    LabelFilter filter = LabelFilter.of(bits);
    assertTrue(filter.allows(3));
    assertTrue(filter.allows(100));
    assertFalse(filter.allows(4));
    assertArrayEquals(LabelFilter.of(3, 100).words(), filter.words());
    assertEquals(2, filter.cardinality());
  }

  @Test
  void capacityBoundsAndOutOfRange() {
    LabelFilter filter = LabelFilter.withCapacity(10);
    assertEquals(64, filter.capacity());
    assertFalse(filter.allows(-1));
    assertFalse(filter.allows(64));
    assertThrows(IndexOutOfBoundsException.class, () -> filter.allow(64));
    filter.allowRange(0, 64).disallow(5);
    assertEquals(63, filter.cardinality());
    assertFalse(filter.allows(5));
  }
}
