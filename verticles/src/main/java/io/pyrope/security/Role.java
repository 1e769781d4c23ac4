package io.pyrope.security;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import java.util.Locale;

/**
 * What a tenant's user may do inside its tenant; {@link Permissions} says exactly what each role
 * allows. The node admin key is not a role: it stands above every tenant.
 */
public enum Role {
  /** Everything inside the tenant: data, indexes, users and keys. */
  TENANT_ADMIN,
  /** Data and indexes, but not users, keys or quotas. */
  OPERATOR,
  /** Searches and reads only. */
  READER;

  /** The wire name: {@code tenant_admin}, {@code operator}, {@code reader}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; anything else is a {@code VEC_ERR_SYNTAX} naming the accepted values. */
  public static Role parse(String s) {
    for (Role r : values()) {
      if (r.wireName().equals(s)) {
        return r;
      }
    }
    throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "role must be one of tenant_admin, operator, reader, got '"
        + (s == null ? "null" : s.length() > 32 ? s.substring(0, 32) + "…" : s) + "'");
  }
}
