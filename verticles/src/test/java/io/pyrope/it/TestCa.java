package io.pyrope.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority made at test time with the {@code openssl} binary: a CA, a
 * server certificate for 127.0.0.1/localhost, and a client certificate (also as PKCS#12 for Java
 * clients). EC P-256 keys, valid two days. Nothing is downloaded or kept.
 */
final class TestCa {
  static final String P12_PASSWORD = "changeit";
  final Path dir;

  private TestCa(Path dir) {
    this.dir = dir;
  }

  static TestCa create() throws Exception {
    Path d = TestNodes.tempDir("pyrope-ca");
    Files.writeString(d.resolve("server.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
        + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
    Files.writeString(d.resolve("client.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
        + "extendedKeyUsage=clientAuth\n");
    run(d, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=pyrope-test-ca",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    for (String who : List.of("server", "client")) {
      run(d, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
          "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + (who.equals("server") ? "localhost" : "client"));
      run(d, "openssl", "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", who + ".pem", "-days", "2", "-extfile", who + ".ext");
    }
    run(d, "openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
        "-passout", "pass:" + P12_PASSWORD);
    return new TestCa(d);
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /** An SSL context trusting the CA, presenting the client certificate when {@code withClientCert}. */
  SSLContext sslContext(boolean withClientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(file("ca.pem"))) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file("client.p12"))) {
        ks.load(in, P12_PASSWORD.toCharArray());
      }
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, P12_PASSWORD.toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
