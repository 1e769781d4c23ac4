package io.pyrope.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tls.* combinations: off, on, and each mistake named by its key. */
class TlsSettingsTest {
  @TempDir
  Path dir;

  private String file(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "-----BEGIN X-----\n").toString();
  }

  @Test
  void offWhenNothingIsSet() {
    assertNull(Tls.of("", "", "", "none"));
  }

  @Test
  void onWithCertAndKey() throws Exception {
    Tls t = Tls.of(file("c.pem"), file("k.pem"), file("ca.pem"), "required");
    assertEquals(ClientAuth.REQUIRED, t.clientAuth());
  }

  @Test
  void mistakesNameTheirKey() throws Exception {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Tls.of(file("c.pem"), "", "", "none"))
        .getMessage().startsWith("tls.key"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Tls.of("", "", "", "required"))
        .getMessage().contains("tls.client-auth"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Tls.of(file("c.pem"), file("k.pem"), "", "required"))
        .getMessage().contains("needs tls.ca"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Tls.of(dir.resolve("missing.pem").toString(), file("k.pem"), "", "none")).getMessage()
        .startsWith("tls.cert: cannot read"));
  }
}
