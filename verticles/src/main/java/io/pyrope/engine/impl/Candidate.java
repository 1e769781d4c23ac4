package io.pyrope.engine.impl;

import io.pyrope.engine.Metric;
import io.pyrope.engine.VectorRecord;
import java.util.Comparator;

/**
 * A scored record found by one segment.
 *
 * @param record the record (live when it was checked)
 * @param score distance (L2) or similarity (IP, cosine), as FAISS reports it
 */
public record Candidate(VectorRecord record, float score) {

  /**
   * Best first for {@code metric}; equal scores ordered by id, so that results do not depend on
   * which segment or which thread found them.
   */
  public static Comparator<Candidate> bestFirst(Metric metric) {
    Comparator<Candidate> byScore = metric.higherIsCloser()
        ? (a, b) -> Float.compare(b.score, a.score)
        : (a, b) -> Float.compare(a.score, b.score);
    return byScore.thenComparing(c -> c.record.id());
  }
}
