package io.pyrope.kafka;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the kernel that a file's cached pages will not be read again soon. */
@FunctionalInterface
public interface PageCacheAdvisor {
  /**
   * Asks the kernel to drop {@code file}'s clean cached pages and to start writing back its dirty
   * ones (which a later call can then drop). Never blocks on I/O; harmless if the file is in use.
   *
   * @return false if the file could not be opened or the advice was refused
   */
  boolean dropCached(Path file);

  /**
   * {@code posix_fadvise(POSIX_FADV_DONTNEED)} through libc on Linux, or null elsewhere (or when
   * libc cannot be bound), with one log line saying why.
   */
  static PageCacheAdvisor posixFadvise() {
    return Fadvise.create();
  }

  /** The libc binding behind {@link #posixFadvise()}. */
  final class Fadvise implements PageCacheAdvisor {
    private static final Logger LOG = LoggerFactory.getLogger(PageCacheAdvisor.class);
    /** Linux's O_RDONLY | O_CLOEXEC. */
    private static final int OPEN_FLAGS = 0x80000;
    /** Linux's POSIX_FADV_DONTNEED. */
    private static final int POSIX_FADV_DONTNEED = 4;

    // Direct-mapped libc functions (JNA's fastest binding); off_t is 64-bit on 64-bit Linux.
    private static native int open(String path, int flags);

    private static native int posix_fadvise(int fd, long offset, long length, int advice);

    private static native int close(int fd);

    private static final Fadvise INSTANCE = bind(); // bound once per JVM, whoever asks first

    private Fadvise() {}

    static PageCacheAdvisor create() {
      return INSTANCE;
    }

    private static Fadvise bind() {
      if (!Platform.isLinux() || !Platform.is64Bit()) {
        LOG.info("WAL page-cache eviction is off: posix_fadvise is only used on 64-bit Linux");
        return null;
      }
      try {
        Native.register(Fadvise.class, Platform.C_LIBRARY_NAME);
        return new Fadvise();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        LOG.warn("WAL page-cache eviction is off: cannot bind libc's posix_fadvise ({})", e.toString());
        return null;
      }
    }

    @Override
    public boolean dropCached(Path file) {
      int fd = open(file.toString(), OPEN_FLAGS);
      if (fd < 0) {
        return false;
      }
      try {
        // offset 0, length 0: the whole file, however long it grows meanwhile
        return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
      } finally {
        close(fd);
      }
    }
  }
}
