package io.pyrope.resp.command;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of {@code INFO cpu}, as Redis gives them: the process' CPU seconds in user and in
 * system mode ({@code used_cpu_user}, {@code used_cpu_sys}; from {@code /proc/self/stat} on
 * Linux), none for children (the node forks none), and {@code used_cpu_total} (user + system as
 * the JVM counts it, in nanoseconds' precision: what a benchmark divides by its work).
 *
 * <p>Reading {@code /proc/self/stat} is a read of kernel memory, not of a disk: INFO may do it on
 * an event loop. Where the file is missing (not Linux) the user/system split is left out.
 */
final class ProcessCpu {
  /** Linux reports utime/stime in clock ticks of USER_HZ, which is 100 on every architecture it runs the JVM on. */
  static final int USER_HZ = 100;
  /** Fields after the process name in /proc/[pid]/stat: utime is field 14 and stime 15 of the line. */
  private static final int UTIME_AFTER_NAME = 11;
  private static final int STIME_AFTER_NAME = 12;
  private static final Path STAT = Path.of("/proc/self/stat");

  private ProcessCpu() {}

  static Map<String, Object> info() {
    Map<String, Object> m = new LinkedHashMap<>();
    long[] ticks = userSystemTicks(STAT);
    if (ticks != null) {
      m.put("used_cpu_sys", seconds(ticks[1] / (double) USER_HZ));
      m.put("used_cpu_user", seconds(ticks[0] / (double) USER_HZ));
      m.put("used_cpu_sys_children", seconds(0));
      m.put("used_cpu_user_children", seconds(0));
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        && os.getProcessCpuTime() >= 0) {
      m.put("used_cpu_total", seconds(os.getProcessCpuTime() / 1e9));
    }
    return m;
  }

  /** {user, system} clock ticks from a /proc/[pid]/stat file, or null if it cannot be read or parsed. */
  static long[] userSystemTicks(Path stat) {
    try {
      return parseStat(Files.readString(stat, StandardCharsets.US_ASCII));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * {user, system} clock ticks from the text of a /proc/[pid]/stat file. The process name (field 2)
   * is in parentheses and may itself hold spaces and parentheses, so fields are counted after the
   * last ')'.
   *
   * @throws IllegalArgumentException if the text is not a stat line
   */
  static long[] parseStat(String text) {
    int close = text.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("no process name in /proc stat line");
    }
    String[] f = text.substring(close + 1).trim().split(" +");
    if (f.length <= STIME_AFTER_NAME) {
      throw new IllegalArgumentException("/proc stat line has " + f.length + " fields after the name");
    }
    return new long[] {Long.parseLong(f[UTIME_AFTER_NAME]), Long.parseLong(f[STIME_AFTER_NAME])};
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.6f", s);
  }
}
