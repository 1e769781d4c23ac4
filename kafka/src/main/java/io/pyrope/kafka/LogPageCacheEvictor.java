package io.pyrope.kafka;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one topic's log segments of the embedded broker out of the page cache: every interval it
 * advises the kernel ({@link PageCacheAdvisor}) to drop the cached pages of each segment file that
 * grew lately. The write-ahead log is written once and read only by a recovery or a point-in-time
 * restore, so caching it only crowds out what the node does read (index snapshots, the JVM's
 * memory); PostgreSQL advises its WAL segments away for the same reason. Measured here (2-vCPU VM):
 * with the WAL left in the page cache the broker's copy into freshly allocated cache pages took
 * about a third of the durable node's CPU, and a bulk load's CPU per vector fell by 30-40% with
 * this on (docs/benchmarks/durability.md).
 *
 * <p>A segment is advised on each pass while it grows and for {@link #SETTLE_PASSES} passes after,
 * since the first advice only starts the write-back of dirty pages and a later one drops them once
 * clean. Only {@code *.log} files (the records) are touched: Kafka's {@code .index} files are
 * memory-mapped and small. Durability is unchanged: advice never discards data, only clean copies.
 *
 * <p>Threading: one daemon thread ({@value #THREAD_NAME}) runs the passes; {@link #runOnce()} is
 * the pass itself, for tests.
 */
public final class LogPageCacheEvictor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogPageCacheEvictor.class);
  public static final String THREAD_NAME = "pyrope-wal-cache-evict";
  /** Passes a segment is still advised after it stopped growing: time for its write-back. */
  static final int SETTLE_PASSES = 3;
  private static final String SEGMENT_SUFFIX = ".log";

  private final Path logDir;
  private final String topic;
  private final PageCacheAdvisor advisor;
  private final Map<Path, long[]> segments = new HashMap<>(); // file -> {size at last pass, passes since it grew}
  private ScheduledExecutorService thread;                     // null until start()
  private long failures;                                       // passes that saw advice refused (logged once)

  /**
   * @param logDir the broker's log directory (each partition is a {@code <topic>-<n>} directory in it)
   * @param topic the topic whose segments are evicted ({@code pyrope.wal})
   */
  public LogPageCacheEvictor(Path logDir, String topic, PageCacheAdvisor advisor) {
    this.logDir = logDir;
    this.topic = topic;
    this.advisor = advisor;
  }

  /** Runs a pass every {@code interval} on a daemon thread of its own. */
  public synchronized LogPageCacheEvictor start(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("KAFKA_ERR_OPTIONS page-cache eviction interval must be positive, got "
          + interval);
    }
    if (thread != null) {
      throw new IllegalStateException("KAFKA_ERR_STATE the page-cache evictor is already started");
    }
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_NAME);
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    thread.scheduleWithFixedDelay(this::runSafely, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) { // a failed pass must not end the schedule
      LOG.warn("WAL page-cache eviction pass failed: {}", e.toString());
    }
  }

  /**
   * One pass: advises every segment of the topic that grew since the previous pass or stopped
   * growing less than {@link #SETTLE_PASSES} passes ago, and forgets deleted ones.
   *
   * @return how many files were advised
   */
  synchronized int runOnce() {
    Set<Path> seen = new HashSet<>();
    int advised = 0;
    long refused = 0;
    try (DirectoryStream<Path> partitions = Files.newDirectoryStream(logDir, topic + "-*")) {
      for (Path partition : partitions) {
        if (!isPartitionDir(partition)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(partition, "*" + SEGMENT_SUFFIX)) {
          for (Path file : files) {
            long size;
            try {
              size = Files.size(file);
            } catch (NoSuchFileException gone) {
              continue; // deleted by retention meanwhile
            }
            seen.add(file);
            long[] state = segments.computeIfAbsent(file, f -> new long[] {-1, 0});
            if (size != state[0]) {
              state[0] = size;
              state[1] = 0;
            } else if (state[1] >= SETTLE_PASSES) {
              continue; // settled: already advised after its last write
            } else {
              state[1]++;
            }
            if (advisor.dropCached(file)) {
              advised++;
            } else {
              refused++;
            }
          }
        }
      }
    } catch (NoSuchFileException e) {
      return 0; // no partition yet
    } catch (IOException e) {
      LOG.warn("WAL page-cache eviction cannot list {}: {}", logDir, e.toString());
      return advised;
    }
    segments.keySet().retainAll(seen);
    if (refused > 0 && failures++ == 0) {
      LOG.warn("WAL page-cache eviction: the kernel refused advice on {} segment file(s) of {} (logged once)",
          refused, topic);
    }
    return advised;
  }

  /** {@code <topic>-<digits>}: the glob also matches topics whose name starts with ours. */
  private boolean isPartitionDir(Path dir) {
    String name = dir.getFileName().toString();
    String suffix = name.substring(topic.length() + 1);
    return !suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit) && Files.isDirectory(dir);
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.shutdownNow();
      thread = null;
    }
  }
}
