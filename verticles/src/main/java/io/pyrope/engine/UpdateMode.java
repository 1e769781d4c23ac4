package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import java.util.Locale;

/**
 * How writes reach the index. Only {@link #REALTIME} is implemented today (every acknowledged
 * write is searchable at once). {@code VEC.CREATE} refuses the others (see
 * {@link #requireImplemented()}) rather than accepting them and silently behaving as realtime;
 * {@link #parse} still reads them so that a stored config naming one still loads.
 */
public enum UpdateMode {
  /** Each write goes to the mutable head and is searchable when acknowledged. */
  REALTIME,
  /** Writes are grouped and applied every few hundred milliseconds (not implemented yet). */
  MICROBATCH,
  /** Writes only reach search at the next explicit build (not implemented yet). */
  OFFLINE;

  /** The name in configs and params: {@code realtime}, {@code microbatch}, {@code offline}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the engine implements this mode; only realtime does today. */
  public boolean implemented() {
    return this == REALTIME;
  }

  /**
   * Returns this mode if it is implemented; {@code VEC_ERR_SYNTAX} naming the accepted value
   * otherwise, so a client asking for batched or offline updates learns it would not get them.
   */
  public UpdateMode requireImplemented() {
    if (!implemented()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "update_mode '" + wireName()
          + "' is not implemented yet, only realtime is accepted");
    }
    return this;
  }

  /** Parses a mode name, case-insensitively; {@code VEC_ERR_SYNTAX} otherwise. */
  public static UpdateMode parse(String name) {
    if (name != null) {
      for (UpdateMode m : values()) {
        if (m.name().equalsIgnoreCase(name)) {
          return m;
        }
      }
    }
    throw new VecException(ErrorCode.VEC_ERR_SYNTAX,
        "unknown update mode '" + name + "', expected realtime, microbatch or offline");
  }
}
