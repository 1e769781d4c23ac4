package io.pyrope.search.faiss;

import java.util.BitSet;

/**
 * An allow-list of labels for one search: a search with a filter returns only allowed labels.
 *
 * <p>Backed by a bitmap of 64-bit words: label {@code i} is allowed iff bit {@code i & 63} of
 * {@code words[i >>> 6]} is set. This is {@link BitSet#toLongArray()}'s layout and, read as
 * little-endian bytes, exactly FAISS's {@code IDSelectorBitmap} (bit {@code i & 7} of byte
 * {@code i >> 3}), so the words go to native code as they are. Labels at or past
 * {@link #capacity()} are not allowed.
 *
 * <p>Not thread-safe while being built. Build it per query (or share one that nobody modifies
 * any more); do not modify it while a search that uses it runs.
 */
public final class LabelFilter {

  /** Bits per word of the bitmap. */
  private static final int WORD_BITS = 64;

  /** The bitmap; its length fixes the capacity. */
  private final long[] words;

  private LabelFilter(long[] words) {
    this.words = words;
  }

  /** An empty filter (nothing allowed) able to hold labels {@code 0 .. capacity-1}. */
  public static LabelFilter withCapacity(long capacity) {
    if (capacity < 0 || (capacity + WORD_BITS - 1) / WORD_BITS > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("label filter capacity out of range: " + capacity);
    }
    return new LabelFilter(new long[(int) ((capacity + WORD_BITS - 1) / WORD_BITS)]);
  }

  /** A filter allowing exactly {@code labels} (capacity: the largest label + 1). */
  public static LabelFilter of(long... labels) {
    long max = -1;
    for (long label : labels) {
      max = Math.max(max, label);
    }
    LabelFilter filter = withCapacity(max + 1);
    for (long label : labels) {
      filter.allow(label);
    }
    return filter;
  }

  /** A filter allowing the set bits of {@code bits} (copied). */
  public static LabelFilter of(BitSet bits) {
    return new LabelFilter(bits.toLongArray());
  }

  /**
   * A filter over {@code words} without copying: the caller keeps the array and must not
   * change it during a search that uses this filter.
   */
  public static LabelFilter wrap(long[] words) {
    if (words == null) {
      throw new IllegalArgumentException("null bitmap words");
    }
    return new LabelFilter(words);
  }

  /** Allows {@code label}; it must be below {@link #capacity()}. */
  public LabelFilter allow(long label) {
    checkLabel(label);
    words[(int) (label >>> 6)] |= 1L << label;
    return this;
  }

  /** Allows labels {@code from} (inclusive) to {@code to} (exclusive). */
  public LabelFilter allowRange(long from, long to) {
    for (long label = from; label < to; label++) {
      allow(label);
    }
    return this;
  }

  /** Removes {@code label} from the allow-list. */
  public LabelFilter disallow(long label) {
    checkLabel(label);
    words[(int) (label >>> 6)] &= ~(1L << label);
    return this;
  }

  /** Whether search results may contain {@code label}. */
  public boolean allows(long label) {
    return label >= 0 && label < capacity() && (words[(int) (label >>> 6)] & (1L << label)) != 0;
  }

  /** One past the largest label this filter can allow. */
  public long capacity() {
    return (long) words.length * WORD_BITS;
  }

  /** How many labels are allowed. */
  public long cardinality() {
    long n = 0;
    for (long word : words) {
      n += Long.bitCount(word);
    }
    return n;
  }

  /** The bitmap in FAISS {@code IDSelectorBitmap} byte order: bit {@code i & 7} of byte {@code i >> 3}. */
  public byte[] toBitmapBytes() {
    byte[] bytes = new byte[words.length * Long.BYTES];
    for (int w = 0; w < words.length; w++) {
      for (int b = 0; b < Long.BYTES; b++) {
        bytes[w * Long.BYTES + b] = (byte) (words[w] >>> (8 * b));
      }
    }
    return bytes;
  }

  /** The live bitmap, handed to native code as is. */
  long[] words() {
    return words;
  }

  private void checkLabel(long label) {
    if (label < 0 || label >= capacity()) {
      throw new IndexOutOfBoundsException("label " + label + " outside filter capacity " + capacity());
    }
  }

  @Override
  public String toString() {
    return "LabelFilter[capacity=" + capacity() + ", allowed=" + cardinality() + "]";
  }
}
