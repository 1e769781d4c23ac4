package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import java.util.regex.Pattern;

/**
 * Tenant and index names: {@code [A-Za-z0-9_-]+}, at most {@link #MAX_NAME_LENGTH} characters.
 * They end up in metric labels, log lines, file names and Kafka keys, so nothing else is allowed.
 */
public final class Names {
  /** Longest tenant or index name. */
  public static final int MAX_NAME_LENGTH = 128;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private Names() {}

  /**
   * Checks a name and returns it.
   *
   * @param what "tenant" or "index", for the message
   * @throws VecException {@code VEC_ERR_SYNTAX} for a missing or malformed name,
   *     {@code VEC_ERR_LIMIT} for an overlong one
   */
  public static String check(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, what + " name is missing");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT,
          what + " name is " + name.length() + " characters, limit " + MAX_NAME_LENGTH);
    }
    if (!NAME.matcher(name).matches()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX,
          what + " name '" + name + "' has characters outside [A-Za-z0-9_-]");
    }
    return name;
  }

  /** {@code tenant/index}, how an index is named in messages and logs. */
  public static String qualified(String tenant, String index) {
    return tenant + "/" + index;
  }
}
