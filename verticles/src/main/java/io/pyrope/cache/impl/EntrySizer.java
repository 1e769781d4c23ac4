package io.pyrope.cache.impl;

import io.pyrope.bus.vec.SearchReply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes an entry is accounted for (plus the exact length of its pre-encoded replies, which
 * the cache adds): everything it stores, with named estimates of the JVM
 * object overheads (64-bit JVM, compressed oops). The budgets count exactly this number per
 * entry, added when it is stored and subtracted when it leaves, so the accounting matches the
 * stored entries to the byte; how close the number is to the true heap cost is the estimate's
 * business (within ~20% for typical hits, by heap dumps of similar structures).
 */
final class EntrySizer {
  /** The entry object, its map node and its key object, and the reply array around the hits. */
  static final long ENTRY_OVERHEAD = 256;
  /** Per hit: the Hit record, its id String, the rendered [id, score] array, bulk string and double. */
  static final long HIT_OVERHEAD = 176;
  /** Array header of the stored query vector. */
  static final long ARRAY_HEADER = 16;

  private EntrySizer() {}

  static long bytes(long keyPayload, List<SearchReply.Hit> hits, int dim) {
    long b = ENTRY_OVERHEAD + keyPayload + ARRAY_HEADER + 4L * dim;
    for (SearchReply.Hit h : hits) {
      // the id as a String (Latin-1 or UTF-16) and as the reply's UTF-8 bulk: about twice its length
      b += HIT_OVERHEAD + 2L * h.id().length();
      if (h.metaJson() != null) {
        b += (long) h.metaJson().length() + h.metaJson().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return b;
  }
}
