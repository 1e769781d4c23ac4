package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import io.pyrope.bench.Progress;
import io.pyrope.dataset.FloatDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The vector of each question: the stored qqp-minilm vector when the question is a line of
 * {@code sentences_51k.txt} (line i = row i of the base file for i &lt; base size, then the rows of
 * the query file), else an embedding — from the {@link EmbeddingCache} when an earlier run made
 * it, else computed now with the {@link Embedder} (loaded only when something is missing).
 *
 * <p>{@code base} must be the whole base file, whatever part of it is loaded into the index: line
 * numbers map to rows only when no row is missing. Single-threaded.
 */
public final class VectorSource {
  private final Map<String, Integer> sentenceRow = new HashMap<>(); // text -> first line number
  private final FloatDataset base;
  private final FloatDataset queries;   // rows base.n() .. base.n()+queries.n()-1 of the sentences
  private final EmbeddingCache cache;
  private final Supplier<Embedder> embedder;
  private int embedded;                 // computed by this run
  private int fromCache;                // found in the embedding cache

  public VectorSource(Path sentences, FloatDataset base, FloatDataset queries, EmbeddingCache cache,
      Supplier<Embedder> embedder) {
    List<String> lines;
    try {
      lines = Files.readAllLines(sentences, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BenchException("cannot read the sentences file " + sentences + ": " + e.getMessage());
    }
    for (int i = 0; i < lines.size() && i < base.n() + queries.n(); i++) {
      sentenceRow.putIfAbsent(lines.get(i), i);
    }
    if (base.dim() != queries.dim()) {
      throw new BenchException("base vectors have dimension " + base.dim() + ", query vectors " + queries.dim());
    }
    this.base = base;
    this.queries = queries;
    this.cache = cache;
    this.embedder = embedder;
  }

  public int dim() {
    return base.dim();
  }

  /** Whether the question has a stored vector (no embedding needed). */
  public boolean stored(String text) {
    return sentenceRow.containsKey(text);
  }

  /** The row of the stored vector in the base file, or -1 (not stored, or a query-file row). */
  public int baseRow(String text) {
    Integer r = sentenceRow.get(text);
    return r != null && r < base.n() ? r : -1;
  }

  /** Vectors of {@code texts}, in order; embeds what is missing, with a progress line. */
  public float[][] vectors(List<String> texts, boolean quiet) {
    float[][] out = new float[texts.size()][];
    int missing = 0;
    for (int i = 0; i < texts.size(); i++) {
      out[i] = lookup(texts.get(i));
      if (out[i] == null) {
        missing++;
      }
    }
    if (missing == 0) {
      return out;
    }
    Embedder e = embedder.get();
    if (e == null) {
      throw new BenchException(missing + " questions have no stored vector and embedding is off");
    }
    Progress progress = Progress.start("embedding questions without a stored vector", missing, quiet);
    int done = 0;
    try {
      for (int i = 0; i < texts.size(); i++) {
        if (out[i] == null) {
          float[] v = e.embed(texts.get(i));
          if (v.length != dim()) {
            throw new BenchException("the embedding model gives " + v.length + "-d vectors, the dataset is " + dim()
                + "-d");
          }
          cache.put(texts.get(i), v);
          out[i] = v;
          embedded++;
          progress.update(++done);
        }
      }
    } finally {
      progress.done();
    }
    return out;
  }

  private float[] lookup(String text) {
    Integer r = sentenceRow.get(text);
    if (r != null) {
      return r < base.n() ? base.row(r) : queries.row(r - base.n());
    }
    float[] v = cache.get(text);
    if (v != null) {
      fromCache++;
    }
    return v;
  }

  /** Questions embedded by this run. */
  public int embedded() {
    return embedded;
  }

  /** Questions whose embedding came from the cache file. */
  public int fromCache() {
    return fromCache;
  }
}
