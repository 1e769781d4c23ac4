package io.pyrope.search.faiss;

/**
 * A failure of a FAISS operation: rejected arguments or state (checked in Java or by the
 * native shim), an error raised by FAISS itself, native memory exhaustion, or anything else
 * thrown in native code. The native message is kept verbatim in {@link #nativeMessage()}.
 */
public final class FaissException extends RuntimeException {

  /** What kind of failure; lets callers tell user errors from internal ones. */
  public enum Kind {
    /** Bad arguments or state: the caller's mistake (wrong length, closed index, untrained index). */
    BAD_ARGUMENT,
    /** FAISS raised a {@code faiss::FaissException} (bad factory string, too few training points, I/O). */
    FAISS_ERROR,
    /** Native memory was exhausted ({@code std::bad_alloc}). */
    OUT_OF_MEMORY,
    /** Any other C++ exception. */
    UNKNOWN
  }

  private final Kind kind;
  private final String operation;
  private final String nativeMessage;

  FaissException(Kind kind, String operation, String message, String nativeMessage) {
    this(kind, operation, message, nativeMessage, null);
  }

  FaissException(Kind kind, String operation, String message, String nativeMessage, Throwable cause) {
    super("faiss " + operation + " failed (" + kind + "): " + message, cause);
    this.kind = kind;
    this.operation = operation;
    this.nativeMessage = nativeMessage;
  }

  /** A failure detected on the Java side, before any native call. */
  static FaissException badArgument(String operation, String message) {
    return new FaissException(Kind.BAD_ARGUMENT, operation, message, null);
  }

  /** A failure reported by the native shim. */
  static FaissException fromNative(Kind kind, String operation, String nativeMessage) {
    return new FaissException(kind, operation, nativeMessage, nativeMessage);
  }

  public Kind kind() {
    return kind;
  }

  /** The operation that failed: {@code create}, {@code train}, {@code add}, {@code search}, ... */
  public String operation() {
    return operation;
  }

  /** The message the native shim reported, or {@code null} when Java rejected the call. */
  public String nativeMessage() {
    return nativeMessage;
  }
}
