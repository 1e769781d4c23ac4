package io.pyrope.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where a benchmark ran: the machine, the JVM and the source revision, for the JSON report. */
public final class Machine {
  /** Set by the launcher to the repository root; else the working directory is asked. */
  static final String ROOT_PROPERTY = "pyrope.root";
  /** Longest a {@code git} call may take before the commit is reported unknown. */
  private static final long GIT_TIMEOUT_SECONDS = 5;

  /** /proc/loadavg when the benchmark started: a busy machine at the start explains noisy numbers. */
  private static final String LOAD_AT_START = loadAverage();

  private Machine() {}

  /** The first three fields of /proc/loadavg (1, 5, 15 minutes), or null. */
  static String loadAverage() {
    List<String> l = lines("/proc/loadavg");
    if (l.isEmpty()) {
      return null;
    }
    String[] parts = l.get(0).trim().split("\\s+");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : null;
  }

  /** Loads the class (and samples the load average) before anything heavy runs. */
  static void init() {
    // LOAD_AT_START is set by class initialisation
  }

  public static JsonObject describe() {
    return new JsonObject()
        .put("nproc", Runtime.getRuntime().availableProcessors())
        .put("cpu_model", cpuModel())
        .put("memory_bytes", memoryBytes())
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"))
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("max_heap_bytes", Runtime.getRuntime().maxMemory())
        .put("load_average_at_start", LOAD_AT_START)
        .put("load_average_at_end", loadAverage());
  }

  /** {@code model name} of the first CPU in /proc/cpuinfo, or null. */
  static String cpuModel() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return null;
  }

  /** MemTotal of /proc/meminfo in bytes, or null. */
  static Long memoryBytes() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.split("\\s+");
        try {
          return Long.parseLong(parts[1]) * 1024;
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** {@code git rev-parse HEAD} of the repository, or null outside one. */
  public static String gitCommit() {
    return git("rev-parse", "HEAD");
  }

  /** Whether the working tree has uncommitted changes; null when unknown. */
  public static Boolean gitDirty() {
    String status = git("status", "--porcelain", "--untracked-files=no");
    return status == null ? null : !status.isEmpty();
  }

  private static String git(String... args) {
    String root = System.getProperty(ROOT_PROPERTY, ".");
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", root));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
