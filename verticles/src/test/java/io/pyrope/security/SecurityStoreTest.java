package io.pyrope.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security store: persistence, rotation, revocation, and no clear-text keys on disk. */
class SecurityStoreTest {
  @TempDir
  Path dir;

  private SecurityStore withUser(Role role) {
    SecurityStore s = SecurityStore.open(dir);
    s.createTenant("acme", null);
    s.createUser("acme", "alice", role);
    return s;
  }

  @Test
  void aKeyAuthenticatesItsUserWithItsRole() {
    SecurityStore s = withUser(Role.OPERATOR);
    SecurityStore.IssuedKey k = s.issueKey("acme", "alice", null);
    assertEquals(Principal.user("acme", "alice", Role.OPERATOR, k.info().keyId()), s.verify(k.key()));
  }

  @Test
  void everythingSurvivesAReopen() {
    SecurityStore s = withUser(Role.READER);
    SecurityStore.IssuedKey k = s.issueKey("acme", "alice", null);
    s.putQuotas("acme", new TenantQuotas(50.0, 4L, 1L << 20, 3600.0));
    SecurityStore again = SecurityStore.open(dir);
    assertEquals(Role.READER, again.verify(k.key()).role());
    assertEquals(new TenantQuotas(50.0, 4L, 1L << 20, 3600.0), again.tenant("acme").orElseThrow().quotas());
    assertEquals(List.of("alice"), again.users("acme").stream().map(SecurityStore.User::name).toList());
  }

  @Test
  void rotationInvalidatesTheOldKeyAtOnce() {
    SecurityStore s = withUser(Role.READER);
    SecurityStore.IssuedKey old = s.issueKey("acme", "alice", null);
    SecurityStore.IssuedKey fresh = s.issueKey("acme", "alice", old.info().keyId());
    assertNull(s.verify(old.key()));
    assertNull(s.principal(old.info().keyId()));
    assertNotNull(s.verify(fresh.key()));
    assertEquals(old.info().keyId(), fresh.replacedKeyId());
  }

  @Test
  void deletingAUserRevokesItsKeys() {
    SecurityStore s = withUser(Role.READER);
    SecurityStore.IssuedKey k = s.issueKey("acme", "alice", null);
    s.deleteUser("acme", "alice");
    assertNull(s.verify(k.key()));
    assertNull(SecurityStore.open(dir).verify(k.key()));
  }

  @Test
  void theFileHoldsNoClearTextKeyAndNoTemporaryFileRemains() throws Exception {
    SecurityStore s = withUser(Role.READER);
    SecurityStore.IssuedKey k = s.issueKey("acme", "alice", null);
    Path file = dir.resolve(SecurityStore.DIR_NAME).resolve(SecurityStore.FILE_NAME);
    String text = Files.readString(file);
    assertFalse(text.contains(ApiKeys.parse(k.key()).secret()));
    assertTrue(text.contains(k.info().keyId()));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void errorsAreTyped() {
    SecurityStore s = withUser(Role.READER);
    assertEquals(ErrorCode.VEC_ERR_EXISTS, assertThrows(VecException.class, () -> s.createTenant("acme", null)).code());
    assertEquals(ErrorCode.VEC_ERR_EXISTS,
        assertThrows(VecException.class, () -> s.createUser("acme", "alice", Role.READER)).code());
    assertEquals(ErrorCode.VEC_ERR_NOT_FOUND,
        assertThrows(VecException.class, () -> s.createUser("nope", "bob", Role.READER)).code());
    assertEquals(ErrorCode.VEC_ERR_SYNTAX,
        assertThrows(VecException.class, () -> s.createUser("acme", "admin", Role.READER)).code());
    assertEquals(ErrorCode.VEC_ERR_SYNTAX,
        assertThrows(VecException.class, () -> s.createUser("acme", "a b", Role.READER)).code());
    assertEquals(ErrorCode.VEC_ERR_NOT_FOUND,
        assertThrows(VecException.class, () -> s.revokeKey("acme", "0000000000000000")).code());
    assertEquals(ErrorCode.VEC_ERR_NOT_FOUND,
        assertThrows(VecException.class, () -> s.issueKey("acme", "alice", "0000000000000000")).code());
  }

  @Test
  void aKeyCannotBeRevokedThroughAnotherTenant() {
    SecurityStore s = withUser(Role.READER);
    s.createTenant("globex", null);
    SecurityStore.IssuedKey k = s.issueKey("acme", "alice", null);
    assertThrows(VecException.class, () -> s.revokeKey("globex", k.info().keyId()));
    assertNotNull(s.verify(k.key()));
  }
}
