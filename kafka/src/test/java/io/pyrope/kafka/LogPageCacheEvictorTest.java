package io.pyrope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogPageCacheEvictorTest {
  @TempDir
  Path logDir;

  private final List<Path> advised = new ArrayList<>();
  private final PageCacheAdvisor recording = file -> advised.add(file);

  private Path file(String partition, String name, int bytes) throws IOException {
    Path dir = Files.createDirectories(logDir.resolve(partition));
    return Files.write(dir.resolve(name), new byte[bytes]);
  }

  @Test
  void advisesOnlyTheTopicsSegmentFiles() throws Exception {
    Path wal0 = file("pyrope.wal-0", "00000000000000000000.log", 10);
    Path wal7 = file("pyrope.wal-7", "00000000000000000042.log", 10);
    file("pyrope.wal-0", "00000000000000000000.index", 10);        // memory-mapped by Kafka: left alone
    file("pyrope.wal-archive-0", "00000000000000000000.log", 10); // another topic with our name as prefix
    file("pyrope.query-log-0", "00000000000000000000.log", 10);
    file("pyrope.wal-x", "00000000000000000000.log", 10);           // not a partition directory
    LogPageCacheEvictor evictor = new LogPageCacheEvictor(logDir, "pyrope.wal", recording);
    assertEquals(2, evictor.runOnce());
    assertEquals(List.of(wal0, wal7), advised.stream().sorted().toList());
  }

  @Test
  void aSegmentIsAdvisedWhileItGrowsAndAFewPassesMoreThenLeftAlone() throws Exception {
    Path seg = file("pyrope.wal-3", "00000000000000000000.log", 10);
    LogPageCacheEvictor evictor = new LogPageCacheEvictor(logDir, "pyrope.wal", recording);
    evictor.runOnce(); // new
    for (int i = 0; i < LogPageCacheEvictor.SETTLE_PASSES; i++) {
      evictor.runOnce(); // unchanged, still settling (write-back of what the first advice started)
    }
    assertEquals(1 + LogPageCacheEvictor.SETTLE_PASSES, advised.size());
    assertEquals(0, evictor.runOnce(), "settled: not advised again");
    Files.write(seg, new byte[5], StandardOpenOption.APPEND);
    assertEquals(1, evictor.runOnce(), "grew: advised again");
  }

  @Test
  void deletedSegmentsAndAMissingLogDirAreNoError() throws Exception {
    Path seg = file("pyrope.wal-0", "00000000000000000000.log", 10);
    LogPageCacheEvictor evictor = new LogPageCacheEvictor(logDir, "pyrope.wal", recording);
    evictor.runOnce();
    Files.delete(seg);
    assertEquals(0, evictor.runOnce());
    assertEquals(0, new LogPageCacheEvictor(logDir.resolve("absent"), "pyrope.wal", recording).runOnce());
  }

  @Test
  void aRefusedAdviceIsCountedNotThrown() throws Exception {
    file("pyrope.wal-0", "00000000000000000000.log", 10);
    LogPageCacheEvictor evictor = new LogPageCacheEvictor(logDir, "pyrope.wal", f -> false);
    assertEquals(0, evictor.runOnce());
  }

  @Test
  void startRunsPassesOnItsOwnThreadAndRefusesBadIntervals() throws Exception {
    Path seg = file("pyrope.wal-0", "00000000000000000000.log", 10);
    java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
    try (LogPageCacheEvictor evictor = new LogPageCacheEvictor(logDir, "pyrope.wal", f -> {
      assertEquals(LogPageCacheEvictor.THREAD_NAME, Thread.currentThread().getName());
      assertEquals(seg, f);
      called.countDown();
      return true;
    })) {
      assertThrows(IllegalArgumentException.class, () -> evictor.start(Duration.ZERO));
      evictor.start(Duration.ofMillis(10));
      assertThrows(IllegalStateException.class, () -> evictor.start(Duration.ofMillis(10)));
      assertTrue(called.await(10, TimeUnit.SECONDS), "no pass ran");
    }
  }

  /** The real advice on a real file: its pages leave the page cache (read with util-linux fincore). */
  @Test
  void posixFadviseDropsAWrittenFilesCachedPages() throws Exception {
    PageCacheAdvisor fadvise = PageCacheAdvisor.posixFadvise();
    assumeTrue(fadvise != null, "not 64-bit Linux");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/fincore")), "util-linux fincore not installed");
    Path seg = logDir.resolve("segment.log");
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(1 << 20);
      for (int i = 0; i < 8; i++) {
        block.clear();
        ch.write(block);
      }
      ch.force(true); // clean pages: one advice drops them all
    }
    long before = residentBytes(seg);
    assertTrue(before > 0, "the file was not in the page cache after writing it: " + before);
    assertTrue(fadvise.dropCached(seg));
    long after = residentBytes(seg);
    assertTrue(after < before / 4, "resident " + before + " -> " + after + " bytes");
    assertFalse(fadvise.dropCached(logDir.resolve("missing.log")));
  }

  private static long residentBytes(Path file) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertNotNull(out);
    return Long.parseLong(out);
  }
}
