package io.pyrope.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: how they look, how they are made, and how they are stored.
 *
 * <p>A key is {@code pyr_<key id>_<secret>}: the recognisable prefix lets secret scanners and
 * people spot a leaked key; the key id (8 random bytes, 16 hex digits) is public, names the key
 * in the store, in audit records and in revocation calls; the secret is 32 bytes from
 * {@link SecureRandom}, base64url without padding (43 characters). Parsing uses fixed positions,
 * so the separator may also appear in the secret.
 *
 * <p>Storage: only {@code SHA-256(salt ‖ secret)} with a random 16-byte salt per key. Why not
 * PBKDF2 or bcrypt: those slow hashes exist to protect low-entropy human passwords from offline
 * guessing; a 256-bit random secret cannot be guessed whatever the hash speed, and an HTTP client
 * presents its key on every request, so a deliberately slow hash would cost milliseconds of CPU
 * per request for no protection. The salt makes equal secrets hash differently and rules out
 * precomputed tables. Comparison is constant-time.
 *
 * <p>Stateless and thread-safe.
 */
public final class ApiKeys {
  /** Every key starts with this. */
  public static final String PREFIX = "pyr_";
  /** Random bytes in a key id. */
  public static final int KEY_ID_BYTES = 8;
  /** Random bytes in a secret. */
  public static final int SECRET_BYTES = 32;
  /** Random bytes of salt per stored key. */
  public static final int SALT_BYTES = 16;
  /** Characters of a key id (hex). */
  public static final int KEY_ID_CHARS = KEY_ID_BYTES * 2;
  /** Characters of a secret (base64url, no padding). */
  public static final int SECRET_CHARS = (SECRET_BYTES * 8 + 5) / 6;
  /** Characters of a whole key. */
  public static final int KEY_CHARS = PREFIX.length() + KEY_ID_CHARS + 1 + SECRET_CHARS;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** A key split into its public id and its secret. */
  public record Parsed(String keyId, String secret) {}

  /** A freshly made key: the clear text (shown once) and what the store keeps. */
  public record Generated(String key, String keyId, byte[] salt, byte[] hash) {}

  private ApiKeys() {}

  /** Makes a new key. */
  public static Generated generate() {
    byte[] id = new byte[KEY_ID_BYTES];
    byte[] secret = new byte[SECRET_BYTES];
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    RANDOM.nextBytes(salt);
    String keyId = HexFormat.of().formatHex(id);
    String secretText = B64URL.encodeToString(secret);
    return new Generated(PREFIX + keyId + "_" + secretText, keyId, salt, hash(salt, secretText));
  }

  /** Splits a presented key, or null when it does not have a key's shape. */
  public static Parsed parse(String key) {
    if (key == null || key.length() != KEY_CHARS || !key.startsWith(PREFIX)
        || key.charAt(PREFIX.length() + KEY_ID_CHARS) != '_') {
      return null;
    }
    String keyId = key.substring(PREFIX.length(), PREFIX.length() + KEY_ID_CHARS);
    for (int i = 0; i < keyId.length(); i++) {
      char c = keyId.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
    }
    return new Parsed(keyId, key.substring(PREFIX.length() + KEY_ID_CHARS + 1));
  }

  /** True when a string looks like a key (used to keep a key typed in the wrong place out of audit records). */
  public static boolean looksLikeKey(String s) {
    return s != null && s.startsWith(PREFIX) && s.length() > PREFIX.length() + KEY_ID_CHARS;
  }

  /** {@code SHA-256(salt ‖ UTF-8(secret))}. */
  public static byte[] hash(byte[] salt, String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      md.update(secret.getBytes(StandardCharsets.UTF_8));
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Constant-time check of a presented secret against a stored salt and hash. */
  public static boolean matches(byte[] salt, byte[] storedHash, String secret) {
    return MessageDigest.isEqual(storedHash, hash(salt, secret));
  }
}
