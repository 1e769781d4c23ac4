package io.pyrope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user error ends in one line on stderr and exit code 2, never a stack trace. */
class BadInputTest {
  @TempDir
  static Path dir;
  static Path base;
  static Path queries8;
  static Path truth;

  @BeforeAll
  static void files() throws IOException {
    base = TestData.fvecs(dir.resolve("base.fvecs"), TestData.random(50, 4, 1), 4);
    queries8 = TestData.fvecs(dir.resolve("q8.fvecs"), TestData.random(5, 8, 2), 8);
    truth = TestData.ivecs(dir.resolve("gt.ivecs"), new int[5 * 10], 10);
  }

  /** Runs the CLI; returns stderr after checking the exit code and that it is one line. */
  private static String fails(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(BenchMain.EXIT_USAGE, code, () -> Arrays.toString(args) + " -> " + e);
    assertEquals(1, e.strip().lines().count(), () -> "not one line: " + e);
    assertTrue(e.startsWith("pyrope bench: "), e);
    assertFalse(e.contains("Exception") || e.contains("\tat "), e);
    return e;
  }

  @Test
  void unknownModeAndOptions() {
    assertTrue(fails("frobnicate").contains("unknown mode 'frobnicate'"));
    assertTrue(fails("search", "--index", "a/b", "--queeries", "x").contains("unknown option --queeries"));
    assertTrue(fails("load", "--dataset").contains("--dataset needs a value"));
    assertTrue(fails("search", "--index", "a/b", "--queries", "q.fvecs").contains("give --truth GT.ivecs, or --dataset"));
    assertTrue(fails("search", "--index", "a/b", "--queries", "q", "--truth", "t", "--dataset", "d")
        .contains("give --truth GT.ivecs, or --dataset"));
    assertTrue(fails("workload", "--zipf", "steep").contains("--zipf must be a number, got 'steep'"));
    assertTrue(fails("workload", "--near-dup-rate", "1.5").contains("--near-dup-rate must be in 0.0..1.0"));
    assertTrue(fails("workload", "--tenant", "t").contains("--index is required"));
    assertTrue(fails("workload", "--tenant", "t", "--index", "a b").contains("--index must be tenant/index"));
    assertTrue(fails("workload", "--no-load", "--drop").contains("--no-load uses the index as it is"));
  }

  @Test
  void compareNodeFlagsMustBeKeyValueAndNeedTheInProcessNode() throws IOException {
    Path queries4 = TestData.fvecs(dir.resolve("q4.fvecs"), TestData.random(5, 4, 3), 4);
    String[] files = {"--dataset", base.toString(), "--queries", queries4.toString(), "--truth", truth.toString(),
        "--metric", "l2", "--factory", "Flat"};
    String[] bad = java.util.stream.Stream.concat(java.util.stream.Stream.of("compare"),
        java.util.stream.Stream.concat(java.util.Arrays.stream(files), java.util.stream.Stream.of("--node-flags",
            "telemetry.enabled"))).toArray(String[]::new);
    String e1 = fails(bad);
    assertTrue(e1.contains("--node-flags entry 'telemetry.enabled' is not key=value"), e1);
    String[] withPort = java.util.stream.Stream.concat(java.util.stream.Stream.of("compare"),
        java.util.stream.Stream.concat(java.util.Arrays.stream(files), java.util.stream.Stream.of("--port", "1",
            "--node-flags", "search.threads=1"))).toArray(String[]::new);
    assertTrue(fails(withPort).contains("cannot be used with --port"));
    String[] noRounds = java.util.stream.Stream.concat(java.util.stream.Stream.of("compare"),
        java.util.stream.Stream.concat(java.util.Arrays.stream(files), java.util.stream.Stream.of("--rounds", "0")))
        .toArray(String[]::new);
    String e2 = fails(noRounds);
    assertTrue(e2.contains("--rounds"), e2);
  }

  @Test
  void missingTruncatedAndMalformedFiles() throws IOException {
    String inproc = "inproc";
    assertTrue(fails(inproc, "--dataset", dir.resolve("nope.fvecs").toString(), "--queries", queries8.toString(),
        "--truth", truth.toString(), "--metric", "l2", "--factory", "Flat").contains("dataset not found"));

    byte[] whole = Files.readAllBytes(base);
    Path truncated = Files.write(dir.resolve("truncated.fvecs"), Arrays.copyOf(whole, whole.length - 3));
    String e = fails(inproc, "--dataset", truncated.toString(), "--queries", queries8.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat");
    assertTrue(e.contains("not a valid .fvecs file") && e.contains("truncated"), e);

    byte[] bad = whole.clone();
    bad[3] = (byte) 0x80; // dimension -> negative
    Path malformed = Files.write(dir.resolve("malformed.fvecs"), bad);
    assertTrue(fails(inproc, "--dataset", malformed.toString(), "--queries", queries8.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat").contains("dimension"));

    Path empty = Files.write(dir.resolve("empty.ivecs"), new byte[0]);
    assertTrue(fails(inproc, "--dataset", base.toString(), "--queries", base.toString(), "--truth",
        empty.toString(), "--metric", "l2", "--factory", "Flat").contains("empty"));
  }

  @Test
  void mismatchedDimensionsAndTruth() {
    assertTrue(fails("inproc", "--dataset", base.toString(), "--queries", queries8.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat").contains("queries have dimension 8"));
    assertTrue(fails("inproc", "--dataset", base.toString(), "--queries", base.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat").contains("ground truth has 5 rows for 50 queries"));
    assertTrue(fails("inproc", "--dataset", base.toString(), "--queries", base.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat", "--limit", "3", "--k", "20")
        .contains("ground truth"));
  }

  @Test
  void badFactoryIsAUserError() throws IOException {
    Path q = TestData.fvecs(dir.resolve("q4.fvecs"), TestData.random(5, 4, 3), 4);
    assertTrue(fails("inproc", "--dataset", base.toString(), "--queries", q.toString(), "--truth", truth.toString(),
        "--metric", "l2", "--factory", "NoSuchIndex99").contains("FAISS rejects factory"));
  }

  @Test
  void unreachableNode() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String e = fails("load", "--dataset", base.toString(), "--index", "t/i", "--metric", "l2", "--port",
        Integer.toString(port));
    assertTrue(e.contains("cannot reach a node at 127.0.0.1:" + port), e);
    String w = fails("workload", "--port", Integer.toString(port));
    assertTrue(w.contains("cannot reach a node at 127.0.0.1:" + port), w);
  }

  @Test
  void truncatedIdxNamesFileAndOffset() throws IOException {
    // header of 3 images of 2 x 2 pixels, then only 5 of the 12 pixel bytes
    byte[] idx = {0, 0, 0x08, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5};
    Path f = Files.write(dir.resolve("cut-images-idx3-ubyte"), idx);
    String e = fails("inproc", "--dataset", f.toString(), "--queries", queries8.toString(), "--truth",
        truth.toString(), "--metric", "l2", "--factory", "Flat");
    assertTrue(e.contains("not a valid IDX image file") && e.contains(f.toString()) && e.contains("byte offset 20")
        && e.contains("image 1 of 3"), e);
  }
}
