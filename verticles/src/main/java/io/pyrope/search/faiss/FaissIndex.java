package io.pyrope.search.faiss;

import java.nio.file.Path;

/**
 * A FAISS index in native memory, created with {@link Faiss#create} or {@link Faiss#read}.
 *
 * <p><b>Labels.</b> Vectors get FAISS's own sequential labels: the {@code i}-th vector ever
 * added has label {@code i} ({@code 0 .. size()-1}). There is no id mapping inside: the
 * caller keeps its own id-to-label table (FAISS 1.7.3's {@code IndexIDMap} would reject the
 * per-call {@link SearchParams}).
 *
 * <p><b>Factory strings.</b> Anything {@code faiss::index_factory} 1.7.3 parses: {@code Flat},
 * {@code HNSW32}, {@code IVF100,Flat}, {@code SQ8}, {@code IVF256,PQ16np}. Write PQ as
 * {@code PQ16np}: without the {@code np} suffix FAISS 1.7.3 trains a polysemous code on top,
 * which costs ~50 s of training and is useless for plain searches. Nothing is appended
 * automatically.
 *
 * <p><b>Threading.</b> Searches may run concurrently from any number of threads. {@code
 * train}, {@code add} and {@code close} are exclusive: they wait for running searches and
 * block new ones. Each call holds the index for its whole duration. For single-query searches
 * on worker threads call {@link Faiss#setThreadCount(int) Faiss.setThreadCount(1)} once per
 * worker thread, or every search spins up an OpenMP team.
 *
 * <p><b>Errors.</b> Every failure is a {@link FaissException}; arguments are checked before
 * native code runs, so a wrong length never reads out of bounds. Any call after {@link
 * #close()} fails with {@link FaissException.Kind#BAD_ARGUMENT}.
 */
public interface FaissIndex extends AutoCloseable {

  /** The vector dimension. */
  int dim();

  /** The number of vectors added; labels run {@code 0 .. size()-1}. */
  long size();

  /** Whether the index is ready for {@link #add}; {@code Flat} and {@code HNSW} need no training. */
  boolean isTrained();

  FaissMetric metric();

  /**
   * The factory string this index was created with; for an index read from a file, a
   * factory-style description of what was read (best effort, e.g. {@code IVF100,Flat}).
   */
  String factory();

  /**
   * Whether FAISS applies a {@link LabelFilter} inside the search (exact filtered top-k for
   * {@code Flat}, filtered traversal for HNSW/IVF). When {@code false} a filtered search
   * still works: the implementation over-fetches and drops disallowed labels afterwards,
   * which may return fewer than {@code k} results when the filter is very selective.
   */
  boolean supportsSelector();

  /**
   * Trains the index on {@code n} vectors ({@code vectors[0 .. n*dim)}, row-major). Exclusive.
   */
  void train(float[] vectors, int n);

  /**
   * Appends {@code n} vectors; they get labels {@code size() .. size()+n-1}. Exclusive. The
   * index must be trained.
   */
  void add(float[] vectors, int n);

  /**
   * Searches {@code n} queries ({@code queries[0 .. n*dim)}) for their {@code k} nearest
   * neighbours. Row {@code i} of the results is {@code distancesOut/labelsOut[i*k .. i*k+k)},
   * best first, padded at the end with label {@code -1} when fewer than {@code k} are found.
   *
   * @param params per-call knobs; {@code null} means {@link SearchParams#DEFAULTS}
   * @param filterOrNull allow-list of labels, or {@code null} for all
   */
  void search(float[] queries, int n, int k, SearchParams params, LabelFilter filterOrNull,
      float[] distancesOut, long[] labelsOut);

  /** One query ({@code query[0 .. dim)}); allocates the result arrays. */
  default SearchResult search(float[] query, int k, SearchParams params, LabelFilter filterOrNull) {
    float[] distances = new float[k];
    long[] labels = new long[k];
    search(query, 1, k, params, filterOrNull, distances, labels);
    return new SearchResult(labels, distances);
  }

  /**
   * Writes the index to {@code file} (FAISS's own format, readable with {@link Faiss#read}).
   * The file is written next to its final name and moved into place atomically, so a reader
   * never sees half a file. Runs concurrently with searches, exclusive with {@code add}.
   */
  void write(Path file);

  /**
   * Frees the native index after waiting for running calls. Idempotent; any other call
   * afterwards fails.
   */
  @Override
  void close();
}
