package io.pyrope.search.faiss;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.dataset.VectorFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The siftsmall set (10k base vectors of dim 128, 100 queries, L2 top-100 ground truth), read
 * once per test JVM from {@code ${pyrope.shared.data}/siftsmall/}; surefire sets the property,
 * and without it the repository-relative {@code ../shared/data} is tried.
 */
final class SiftSmall {

  static final int DIM = 128;

  private static volatile SiftSmall instance;

  final FloatDataset base;
  final FloatDataset queries;
  final IntDataset truth;

  private SiftSmall(Path dir) throws IOException {
    base = VectorFiles.readFvecs(dir.resolve("siftsmall_base.fvecs"));
    queries = VectorFiles.readFvecs(dir.resolve("siftsmall_query.fvecs"));
    truth = VectorFiles.readIvecs(dir.resolve("siftsmall_groundtruth.ivecs"));
  }

  static SiftSmall get() {
    SiftSmall s = instance;
    if (s == null) {
      synchronized (SiftSmall.class) {
        s = instance;
        if (s == null) {
          try {
            s = instance = new SiftSmall(directory());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    return s;
  }

  static Path directory() {
    String property = System.getProperty("pyrope.shared.data");
    List<Path> candidates = property != null
        ? List.of(Path.of(property, "siftsmall"))
        // from the module directory (surefire's working directory) or from the repo root
        : List.of(Path.of("..", "..", "shared", "data", "siftsmall"), Path.of("..", "shared", "data", "siftsmall"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate.resolve("siftsmall_base.fvecs"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("siftsmall not found in " + candidates
        + " (set -Dpyrope.shared.data=/path/to/shared/data)");
  }
}
