package io.pyrope.resp.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
  /** A real line's shape: pid, (name), state, then utime (14th field) = 250 and stime (15th) = 31. */
  private static final String STAT_TAIL = " S 1 2 3 0 -1 4194560 5 0 0 0 250 31 0 0 20 0 40 0 100 1000 50";

  @Test
  void readsUserAndSystemTicksAfterTheProcessName() {
    assertArrayEquals(new long[] {250, 31}, ProcessCpu.parseStat("4242 (java)" + STAT_TAIL));
  }

  @Test
  void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    assertArrayEquals(new long[] {250, 31}, ProcessCpu.parseStat("7 (my (odd) name 1)" + STAT_TAIL));
  }

  @Test
  void malformedLinesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseStat("no name here"));
    assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseStat("1 (java) S 1 2"));
    assertThrows(NumberFormatException.class, () -> ProcessCpu.parseStat("1 (java)" + STAT_TAIL.replace("250", "x")));
  }

  @Test
  void anUnreadableOrMalformedFileGivesNoSplit(@TempDir Path dir) throws Exception {
    assertNull(ProcessCpu.userSystemTicks(dir.resolve("missing")));
    Path bad = Files.writeString(dir.resolve("stat"), "garbage");
    assertNull(ProcessCpu.userSystemTicks(bad));
  }

  @Test
  void thisProcessReportsCpuThatGrowsWithWork() {
    Map<String, Object> before = ProcessCpu.info();
    double total0 = Double.parseDouble((String) before.get("used_cpu_total"));
    long x = 0;
    for (long i = 0; i < 300_000_000L; i++) { // ~0.1 s of CPU: more than the 10 ms tick of /proc
      x += i ^ (x >>> 3);
    }
    Map<String, Object> after = ProcessCpu.info();
    assertTrue(Double.parseDouble((String) after.get("used_cpu_total")) > total0, after + " after work " + x);
    if (Files.isReadable(Path.of("/proc/self/stat"))) {
      assertNotNull(after.get("used_cpu_user"));
      double cpu0 = Double.parseDouble((String) before.get("used_cpu_user"))
          + Double.parseDouble((String) before.get("used_cpu_sys"));
      double cpu1 = Double.parseDouble((String) after.get("used_cpu_user"))
          + Double.parseDouble((String) after.get("used_cpu_sys"));
      assertTrue(cpu1 > cpu0, before + " -> " + after);
    }
  }
}
