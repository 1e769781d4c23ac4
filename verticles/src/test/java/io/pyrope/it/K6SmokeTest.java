package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pyrope.node.PyropeNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each k6 script in its three-second smoke form against a live node and requires k6 to
 * exit 0 (every threshold held). Skipped where no k6 binary is found: k6 is not packaged by
 * Debian, see k6/README.md for how to build it.
 */
class K6SmokeTest {
  private static PyropeNode node;
  private static Path k6;

  @BeforeAll
  static void findK6AndStartNode() {
    Optional<Path> found = k6Binary();
    assumeTrue(found.isPresent(), "no k6 binary (PYROPE_K6, PATH or ~/go/bin/k6)");
    k6 = found.get();
    node = TestNodes.shared();
  }

  static Optional<Path> k6Binary() {
    Stream<Path> candidates = Stream.concat(
        Stream.of(System.getenv("PYROPE_K6")).filter(s -> s != null && !s.isBlank()).map(Path::of),
        Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(d -> Path.of(d, "k6")),
            Stream.of(Path.of(System.getProperty("user.home"), "go", "bin", "k6"))));
    return candidates.filter(Files::isExecutable).findFirst();
  }

  @ParameterizedTest
  @ValueSource(strings = {"search-heavy.js", "write-heavy.js", "multi-tenant.js"})
  void smokeRunPassesItsThresholds(String script) throws Exception {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    Path data = Path.of(System.getProperty("pyrope.shared.data", repo.resolve("../shared/data").toString()))
        .toAbsolutePath().normalize();
    ProcessBuilder pb = new ProcessBuilder(List.of(k6.toString(), "run", "--quiet", "--no-color",
        "-e", "SMOKE=1",
        "-e", "PYROPE_REDIS_URL=redis://127.0.0.1:" + node.respPort(),
        "-e", "PYROPE_HTTP_URL=http://127.0.0.1:" + node.httpPort(),
        "-e", "PYROPE_DATA=" + data,
        repo.resolve("k6").resolve(script).toString()))
        .redirectErrorStream(true);
    pb.environment().put("K6_NO_USAGE_REPORT", "true");
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "k6 did not finish");
    assertEquals(0, p.exitValue(), script + " failed:\n" + new String(out, StandardCharsets.UTF_8));
  }
}
