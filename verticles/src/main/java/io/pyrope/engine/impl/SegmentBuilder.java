package io.pyrope.engine.impl;

import io.pyrope.engine.IndexConfig;
import io.pyrope.engine.VectorRecord;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.FaissIndex;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a segment of the configured factory from records: creates the FAISS index, trains it
 * on a uniform sample when the factory needs training, and adds the rows in chunks, logging
 * progress of long builds. Runs on the build thread, never on a request thread; the segment is
 * private to the caller until it publishes it.
 *
 * <p>FAISS failures (too few rows to train IVF1024, out of memory) propagate as
 * {@code FaissException} after the half-built native index is freed.
 */
public final class SegmentBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentBuilder.class);
  /** Rows per FAISS add call: bounds the temporary float[] and lets progress be logged. */
  public static final int ADD_CHUNK_ROWS = 32_768;
  /** Minimum time between two progress lines of one build. */
  static final long PROGRESS_LOG_INTERVAL_NANOS = 5_000_000_000L;
  /** Fixed seed: the same rows give the same training sample, so builds are reproducible. */
  private static final long SAMPLE_SEED = 0x9E3779B97F4A7C15L;

  private SegmentBuilder() {}

  /**
   * Builds a segment holding {@code records} (ascending rows) in the index's factory.
   *
   * @param name segment name for logs and stats
   * @return the segment and how many rows trained it
   */
  public static Built build(IndexConfig config, FactorySpec spec, String name, List<VectorRecord> records) {
    String index = config.qualifiedName();
    int n = records.size();
    FaissIndex faiss = Faiss.create(config.dim(), config.factory(), config.metric().faissMetric());
    try {
      int trainRows = 0;
      if (!faiss.isTrained()) {
        trainRows = Math.min(n, config.trainSize());
        LOG.info("{}: training {} ({}) on {} of {} rows", index, name, config.factory(), trainRows, n);
        long t0 = System.nanoTime();
        faiss.train(sample(records, trainRows, config.dim()), trainRows);
        LOG.info("{}: trained {} in {} ms", index, name, (System.nanoTime() - t0) / 1_000_000);
      }
      Segment seg = new Segment(name, faiss, spec);
      long lastLog = System.nanoTime();
      for (int from = 0; from < n; from += ADD_CHUNK_ROWS) {
        seg.append(records.subList(from, Math.min(n, from + ADD_CHUNK_ROWS)));
        if (System.nanoTime() - lastLog > PROGRESS_LOG_INTERVAL_NANOS) {
          LOG.info("{}: {} added {} of {} rows", index, name, seg.size(), n);
          lastLog = System.nanoTime();
        }
      }
      return new Built(seg, trainRows);
    } catch (RuntimeException | Error e) {
      faiss.close();
      throw e;
    }
  }

  /** {@code m} distinct records chosen uniformly (partial Fisher-Yates), flattened row-major. */
  static float[] sample(List<VectorRecord> records, int m, int dim) {
    int n = records.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(SAMPLE_SEED ^ n);
    float[] out = new float[m * dim];
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      System.arraycopy(records.get(order[i]).sharedVector(), 0, out, i * dim, dim);
    }
    return out;
  }

  /**
   * A built segment.
   *
   * @param segment the segment, holding one reference (the caller's)
   * @param trainRows rows the factory was trained on, 0 when it needs no training
   */
  public record Built(Segment segment, int trainRows) {}
}
