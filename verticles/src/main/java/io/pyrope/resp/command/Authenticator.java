package io.pyrope.resp.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks RESP credentials. With no admin key configured auth is off and every connection starts
 * authenticated as {@code default}, as in Redis. With a key, {@code AUTH key} or
 * {@code AUTH <any user> key} must present it (tenants and per-user keys come with the security
 * work). The comparison is constant-time so the key cannot be guessed byte by byte from timing.
 */
public final class Authenticator {
  /** The user a connection is bound to when auth is off or the admin key was presented. */
  public static final String DEFAULT_USER = "default";

  private final byte[] adminKey;

  public Authenticator(String adminKey) {
    this.adminKey = adminKey == null ? new byte[0] : adminKey.getBytes(StandardCharsets.UTF_8);
  }

  public boolean enabled() {
    return adminKey.length > 0;
  }

  /** The user a connection starts as: {@link #DEFAULT_USER} when auth is off, else none. */
  public String initialUser() {
    return enabled() ? null : DEFAULT_USER;
  }

  /** True when {@code key} is the admin key. */
  public boolean check(byte[] key) {
    return enabled() && MessageDigest.isEqual(adminKey, key);
  }
}
