package io.pyrope.kafka.impl;

import io.pyrope.kafka.KafkaSetupException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a file, held while an embedded broker owns its log directory. Works across
 * processes (an OS file lock) and inside one JVM (a second lock attempt on the same file fails with
 * {@link OverlappingFileLockException}). Released by {@link #close()} or when the process dies.
 * Used by one broker under its own monitor; not thread-safe by itself.
 */
public final class DataDirLock implements AutoCloseable {
  private final Path file;          // the lock file, created if absent and never deleted
  private final FileChannel channel; // open while the lock is held
  private final FileLock lock;       // the OS lock on the whole file

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code file} or fails with a message naming {@code logDir}, which the lock protects. */
  public static DataDirLock acquire(Path file, Path logDir) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw inUse(file, logDir, "another process holds the lock");
      }
      return new DataDirLock(file, channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw inUse(file, logDir, "another broker in this JVM holds the lock");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new KafkaSetupException("KAFKA_ERR_DATA_DIR cannot lock " + file + ": " + e, e);
    } catch (KafkaSetupException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
  }

  @Override
  public String toString() {
    return "DataDirLock[" + file + "]";
  }

  private static KafkaSetupException inUse(Path file, Path logDir, String why) {
    return new KafkaSetupException("KAFKA_ERR_DATA_DIR the Kafka log directory " + logDir
        + " is in use by another embedded broker (" + why + " on " + file + ")");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing to do: the lock attempt already failed.
      }
    }
  }
}
