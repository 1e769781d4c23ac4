package io.pyrope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary data directories that tests and benchmarks give their nodes. */
public final class TempDirs {
  private TempDirs() {}

  /**
   * Deletes {@code dir} and everything under it, deepest first. A missing directory is fine; a
   * file that cannot be deleted (still held by a running node) is left in place.
   */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a file vanished while walking (the node was still writing): what is left stays
    }
  }
}
