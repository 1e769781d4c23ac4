package io.pyrope.bench;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IdxFiles;
import io.pyrope.dataset.IntDataset;
import io.pyrope.dataset.MalformedVectorFileException;
import io.pyrope.dataset.VectorFiles;
import io.pyrope.search.faiss.Faiss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the benchmark's input files and checks that they fit together, turning every problem
 * into a one-line {@link BenchException}: a missing file, a truncated or malformed one (the
 * reader names the row), base and query dimensions that differ, a ground truth with too few
 * rows or columns.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * The first {@code limit} vectors of an {@code .fvecs} file or of an IDX image file (MNIST /
   * Fashion-MNIST, plain or gzip), told apart by the name ({@code …-idx3-ubyte…}) or the IDX magic.
   */
  public static FloatDataset vectors(String what, String path, int limit) {
    Path p = existing(what, path);
    boolean idx;
    try {
      idx = IdxFiles.looksLikeIdx(p);
    } catch (IOException e) {
      throw new BenchException("cannot read " + what + " " + p + ": " + e);
    }
    if (!idx) {
      return fvecs(what, path, limit);
    }
    try {
      FloatDataset d = IdxFiles.readImages(p, limit);
      if (d.n() == 0) {
        throw new BenchException(what + " " + p + " holds no vectors");
      }
      return d;
    } catch (MalformedVectorFileException e) {
      throw new BenchException(what + " is not a valid IDX image file: " + e.getMessage());
    } catch (IOException e) {
      throw new BenchException("cannot read " + what + " " + p + ": " + e);
    }
  }

  /** The first {@code limit} vectors of an {@code .fvecs} file. */
  public static FloatDataset fvecs(String what, String path, int limit) {
    Path p = existing(what, path);
    try {
      FloatDataset d = VectorFiles.readFvecs(p, limit);
      if (d.n() == 0) {
        throw new BenchException(what + " " + p + " holds no vectors");
      }
      return d;
    } catch (MalformedVectorFileException e) {
      throw new BenchException(what + " is not a valid .fvecs file: " + e.getMessage());
    } catch (IOException e) {
      throw new BenchException("cannot read " + what + " " + p + ": " + e);
    }
  }

  /** All rows of an {@code .ivecs} ground-truth file. */
  public static IntDataset ivecs(String what, String path) {
    Path p = existing(what, path);
    try {
      return VectorFiles.readIvecs(p);
    } catch (MalformedVectorFileException e) {
      throw new BenchException(what + " is not a valid .ivecs file: " + e.getMessage());
    } catch (IOException e) {
      throw new BenchException("cannot read " + what + " " + p + ": " + e);
    }
  }

  /** Queries and their ground truth must line up, and truth must hold {@code k} ids per query. */
  public static void checkTruth(FloatDataset queries, IntDataset truth, int k) {
    if (truth.n() < queries.n()) {
      throw new BenchException("ground truth has " + truth.n() + " rows for " + queries.n() + " queries");
    }
    if (truth.dim() < k) {
      throw new BenchException("ground truth holds " + truth.dim() + " neighbours per query, --k is " + k);
    }
  }

  /** Base and queries must have one dimension. */
  public static void checkDims(int baseDim, String baseWhat, FloatDataset queries) {
    if (queries.dim() != baseDim) {
      throw new BenchException("queries have dimension " + queries.dim() + " but " + baseWhat + " has " + baseDim);
    }
  }

  /** A copy with every row scaled to unit length (cosine = inner product over these). */
  public static FloatDataset normalized(FloatDataset d) {
    float[] copy = d.data().clone();
    for (int i = 0; i < d.n(); i++) {
      Faiss.normalize(copy, i * d.dim(), d.dim());
    }
    return new FloatDataset(d.n(), d.dim(), copy);
  }

  private static Path existing(String what, String path) {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new BenchException(what + " not found: " + p);
    }
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new BenchException(what + " is not a readable file: " + p);
    }
    return p;
  }
}
