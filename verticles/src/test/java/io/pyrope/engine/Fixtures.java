package io.pyrope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.IntDataset;
import io.pyrope.dataset.VectorFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the engine tests. */
final class Fixtures {
  static final String TENANT = "t1";

  private Fixtures() {}

  static CreateIndexRequest create(String index, int dim, String metric, String factory, Map<String, String> params) {
    return new CreateIndexRequest(TENANT, index, dim, metric, factory, params);
  }

  static RecordInput rec(String id, float[] v) {
    return new RecordInput(id, v, null, List.of(), Map.of());
  }

  static RecordInput rec(String id, float[] v, String meta, List<String> tags, Map<String, Double> numeric) {
    return new RecordInput(id, v, meta, tags, numeric);
  }

  static float[] randomVector(Random rnd, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = rnd.nextFloat() * 2 - 1;
    }
    return v;
  }

  /** Asserts that {@code call} fails with {@code code} and exactly {@code message}. */
  static void assertVecError(ErrorCode code, String message, Executable call) {
    VecException e = assertThrows(VecException.class, call);
    assertEquals(code, e.code(), () -> "message was: " + e.getMessage());
    if (message != null) {
      assertEquals(message, e.getMessage());
    }
  }

  /** Asserts the code, and that the message contains {@code fragment}. */
  static void assertVecErrorContains(ErrorCode code, String fragment, Executable call) {
    VecException e = assertThrows(VecException.class, call);
    assertEquals(code, e.code(), () -> "message was: " + e.getMessage());
    if (!e.getMessage().contains(fragment)) {
      throw new AssertionError("expected '" + fragment + "' in: " + e.getMessage());
    }
  }

  /** siftsmall, from {@code ${pyrope.shared.data}} (set by surefire) or {@code /work/shared/data}. */
  record Sift(FloatDataset base, FloatDataset queries, IntDataset truth) {
    private static volatile Sift instance;

    static synchronized Sift get() {
      if (instance == null) {
        Path dir = directory();
        try {
          instance = new Sift(VectorFiles.readFvecs(dir.resolve("siftsmall_base.fvecs")),
              VectorFiles.readFvecs(dir.resolve("siftsmall_query.fvecs")),
              VectorFiles.readIvecs(dir.resolve("siftsmall_groundtruth.ivecs")));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return instance;
    }

    private static Path directory() {
      String property = System.getProperty("pyrope.shared.data");
      for (Path p : property == null ? List.of(Path.of("/work/shared/data/siftsmall"))
          : List.of(Path.of(property, "siftsmall"), Path.of("/work/shared/data/siftsmall"))) {
        if (Files.isRegularFile(p.resolve("siftsmall_base.fvecs"))) {
          return p;
        }
      }
      throw new IllegalStateException("siftsmall not found: set -Dpyrope.shared.data");
    }
  }
}
