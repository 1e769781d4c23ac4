package io.pyrope.search.faiss;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binding to {@code libpyrope_faiss.so}: JNA direct mapping ({@link Native#register}) of
 * the shim's {@code extern "C"} functions, declared in {@code src/main/native/pyrope_faiss.h},
 * and the one place where their status codes become {@link FaissException}s.
 *
 * <p>Loaded once, when this class initialises: JNA finds {@code linux-x86-64/libpyrope_faiss.so}
 * on the classpath (Maven builds it into {@code target/classes}). The ABI version is checked
 * through a plain lookup <em>before</em> any function is bound, so a stale library fails with
 * a version message rather than a missing symbol. A failed load is remembered and reported
 * by {@link #requireLoaded()} on every entry point, never as an opaque
 * {@code NoClassDefFoundError}.
 *
 * <p>Handles are {@code pyrope_index*} pointers carried as {@code long} (LP64; the library is
 * only built for linux-x86-64). Strings go down as NUL-terminated byte arrays in an explicit
 * charset instead of JNA's platform default. Arrays are passed as Java arrays: JNA pins or
 * copies them for the duration of the call, which costs about the same per search as a reused
 * native buffer and needs no buffer management.
 */
final class NativeFaiss {

  /** Must equal {@code PYROPE_ABI_VERSION} in pyrope_faiss.h. */
  static final int ABI_VERSION = 2;
  /** Library name: {@code linux-x86-64/libpyrope_faiss.so} on the classpath. */
  static final String LIBRARY = "pyrope_faiss";

  // Status codes, PYROPE_OK / PYROPE_E_* in pyrope_faiss.h.
  static final int OK = 0;
  static final int E_BAD_ARGUMENT = 1;
  static final int E_FAISS = 2;
  static final int E_OUT_OF_MEMORY = 3;
  static final int E_STD = 4;
  static final int E_UNKNOWN = 5;

  // Metric codes, PYROPE_METRIC_* in pyrope_faiss.h.
  static final int METRIC_L2 = 0;
  static final int METRIC_INNER_PRODUCT = 1;

  /** What went wrong while loading, or {@code null} when the library is bound. */
  private static final Throwable LOAD_FAILURE;

  static {
    Throwable failure = null;
    try {
      NativeLibrary library = NativeLibrary.getInstance(LIBRARY, NativeFaiss.class.getClassLoader());
      int abi = library.getFunction("pyrope_abi_version").invokeInt(new Object[0]);
      if (abi != ABI_VERSION) {
        failure = new UnsatisfiedLinkError(
            "lib" + LIBRARY + ".so has ABI version " + abi + ", this code needs " + ABI_VERSION
                + " (a stale build?)");
      } else {
        Native.register(NativeFaiss.class, library);
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      failure = e;
    }
    LOAD_FAILURE = failure;
  }

  private NativeFaiss() {}

  /** Throws a clear error if the native library could not be loaded; cheap otherwise. */
  static void requireLoaded() {
    if (LOAD_FAILURE != null) {
      UnsatisfiedLinkError e = new UnsatisfiedLinkError(
          "cannot use FAISS: lib" + LIBRARY + ".so did not load (" + LOAD_FAILURE.getMessage()
              + "). Build it with './pyrope run' or 'mvn -pl verticles -am package', which need "
              + "'apt-get install -y libfaiss-dev libopenblas-dev'; at run time the machine needs "
              + "libopenblas0, libgomp1 and libgfortran5.");
      e.initCause(LOAD_FAILURE);
      throw e;
    }
  }

  // ---- the one place where status codes are checked -----------------------------------

  /** Turns a status code into a {@link FaissException}; call right after the native call. */
  static void check(int status, String operation) {
    if (status != OK) {
      throw failure(status, operation);
    }
  }

  /** For getters that return a value, or minus a status code. */
  static long checkValue(long value, String operation) {
    if (value < 0) {
      throw failure((int) -value, operation);
    }
    return value;
  }

  private static FaissException failure(int status, String operation) {
    // Same thread, no native call in between: the thread_local message is still ours.
    String message = pyrope_last_error();
    FaissException.Kind kind = switch (status) {
      case E_BAD_ARGUMENT -> FaissException.Kind.BAD_ARGUMENT;
      case E_FAISS -> FaissException.Kind.FAISS_ERROR;
      case E_OUT_OF_MEMORY -> FaissException.Kind.OUT_OF_MEMORY;
      default -> FaissException.Kind.UNKNOWN;
    };
    if (status != E_BAD_ARGUMENT && status != E_FAISS && status != E_OUT_OF_MEMORY
        && status != E_STD && status != E_UNKNOWN) {
      message = "unexpected native status " + status + ": " + message;
    }
    return FaissException.fromNative(kind, operation, message);
  }

  // ---- strings ------------------------------------------------------------------------

  /** The charset the JVM uses for file names, so a Java Path and its C string agree. */
  private static final Charset PATH_CHARSET = pathCharset();

  private static Charset pathCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** {@code s} as a NUL-terminated C string. */
  static byte[] cString(String s) {
    return cString(s, StandardCharsets.UTF_8);
  }

  /** A file name as a NUL-terminated C string in the JVM's file-name charset. */
  static byte[] cPath(String path) {
    return cString(path, PATH_CHARSET);
  }

  private static byte[] cString(String s, Charset charset) {
    byte[] bytes = s.getBytes(charset);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  // ---- pyrope_faiss.h, one line each ----------------------------------------------------

  static native String pyrope_last_error();

  static native int pyrope_abi_version();

  static native int pyrope_index_create(int dim, byte[] factory, int metric, long[] handleOut);

  static native int pyrope_index_read(byte[] path, long[] handleOut);

  static native int pyrope_index_write(long handle, byte[] path);

  static native void pyrope_index_free(long handle);

  static native int pyrope_index_dim(long handle);

  static native long pyrope_index_ntotal(long handle);

  static native int pyrope_index_is_trained(long handle);

  static native int pyrope_index_metric(long handle);

  static native int pyrope_supports_selector(long handle);

  static native int pyrope_index_describe(long handle, byte[] buf, int cap);

  static native int pyrope_index_train(long handle, long n, float[] x);

  static native int pyrope_index_add(long handle, long n, float[] x);

  static native int pyrope_index_search(long handle, long n, float[] x, long k, int nprobe,
      int efSearch, long[] allowWords, long nwords, float[] distances, long[] labels);

  static native int pyrope_set_omp_threads(int n);

  static native int pyrope_get_omp_threads();

  static native int pyrope_bench_search_loop(long handle, long nq, float[] x, long k, int nprobe,
      int efSearch, int iters, long[] nanosOut);
}
