package io.pyrope.security;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * TLS for the RESP and HTTP listeners from PEM files: the server's certificate chain and private
 * key, and optionally a CA bundle that client certificates must chain to (mTLS).
 * {@code client-auth} is {@code none} (no client certificate asked), {@code request} (asked,
 * verified when sent, not required) or {@code required} (a connection without a valid client
 * certificate fails its handshake). Client certificates authenticate the connection's transport
 * only; the key (AUTH, Bearer) still decides who the client is.
 *
 * @param cert PEM certificate chain, server certificate first
 * @param key PEM private key (PKCS#8, PKCS#1 or SEC1)
 * @param ca PEM CA bundle for client certificates; null when none
 * @param clientAuth none, request or required
 */
public record Tls(Path cert, Path key, Path ca, ClientAuth clientAuth) {
  /**
   * The settings from the four configuration values, or null when TLS is off (no cert). A bad
   * combination or an unreadable file throws {@link IllegalArgumentException} naming the key.
   */
  public static Tls of(String cert, String key, String ca, String clientAuth) {
    ClientAuth auth = switch (clientAuth.toLowerCase(Locale.ROOT)) {
      case "none" -> ClientAuth.NONE;
      case "request" -> ClientAuth.REQUEST;
      case "required" -> ClientAuth.REQUIRED;
      default -> throw new IllegalArgumentException("tls.client-auth: expected none, request or required");
    };
    if (cert.isEmpty() && key.isEmpty()) {
      if (!ca.isEmpty() || auth != ClientAuth.NONE) {
        throw new IllegalArgumentException("tls.ca and tls.client-auth need tls.cert and tls.key (TLS is off)");
      }
      return null;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException((cert.isEmpty() ? "tls.cert" : "tls.key")
          + " is missing: TLS needs both tls.cert and tls.key");
    }
    if (auth != ClientAuth.NONE && ca.isEmpty()) {
      throw new IllegalArgumentException("tls.client-auth=" + clientAuth + " needs tls.ca, the CA that client "
          + "certificates must chain to");
    }
    return new Tls(readable("tls.cert", cert), readable("tls.key", key), ca.isEmpty() ? null : readable("tls.ca", ca),
        auth);
  }

  private static Path readable(String name, String value) {
    Path p = Path.of(value);
    if (!Files.isReadable(p)) {
      throw new IllegalArgumentException(name + ": cannot read " + value);
    }
    return p;
  }

  /** Turns TLS on for the RESP listener. */
  public NetServerOptions applyTo(NetServerOptions o) {
    o.setSsl(true).setKeyCertOptions(keyCert()).setClientAuth(clientAuth);
    if (ca != null) {
      o.setTrustOptions(trust());
    }
    return o;
  }

  /** Turns TLS on for the HTTP listener. */
  public HttpServerOptions applyTo(HttpServerOptions o) {
    o.setSsl(true).setKeyCertOptions(keyCert()).setClientAuth(clientAuth);
    if (ca != null) {
      o.setTrustOptions(trust());
    }
    return o;
  }

  private PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertPath(ca.toString());
  }
}
