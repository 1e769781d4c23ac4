package io.pyrope.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Key shape, parsing and the salted hash. */
class ApiKeysTest {
  @Test
  void aGeneratedKeyHasTheDocumentedShapeAndParsesBack() {
    ApiKeys.Generated g = ApiKeys.generate();
    assertTrue(g.key().matches("pyr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"), g.key());
    assertEquals(ApiKeys.KEY_CHARS, g.key().length());
    ApiKeys.Parsed p = ApiKeys.parse(g.key());
    assertEquals(g.keyId(), p.keyId());
    assertTrue(ApiKeys.matches(g.salt(), g.hash(), p.secret()));
  }

  @Test
  void aWrongSecretDoesNotMatch() {
    ApiKeys.Generated g = ApiKeys.generate();
    String secret = ApiKeys.parse(g.key()).secret();
    String other = (secret.charAt(0) == 'A' ? 'B' : 'A') + secret.substring(1);
    assertFalse(ApiKeys.matches(g.salt(), g.hash(), other));
  }

  @Test
  void theSameSecretHashesDifferentlyUnderDifferentSalts() {
    byte[] a = ApiKeys.hash(new byte[16], "secret");
    byte[] salt = new byte[16];
    salt[0] = 1;
    assertNotEquals(java.util.HexFormat.of().formatHex(a), java.util.HexFormat.of().formatHex(ApiKeys.hash(salt, "secret")));
  }

  @Test
  void malformedKeysDoNotParse() {
    String good = ApiKeys.generate().key();
    assertNull(ApiKeys.parse(null));
    assertNull(ApiKeys.parse(""));
    assertNull(ApiKeys.parse(good.substring(1)));
    assertNull(ApiKeys.parse("xyz_" + good.substring(4)));
    assertNull(ApiKeys.parse(good.substring(0, 4) + "G" + good.substring(5)));
    assertNull(ApiKeys.parse(good + "x"));
  }

  @Test
  void keysAndIdsAreUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(ids.add(ApiKeys.generate().keyId()));
    }
  }
}
