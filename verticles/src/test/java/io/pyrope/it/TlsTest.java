package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on RESP and HTTP from PEM files, with a CA made at test time: redis-cli --tls and an HTTPS
 * client connect; with client-auth=required, a client without a certificate is refused.
 */
class TlsTest {
  private static TestCa ca;
  private static PyropeNode tlsNode;
  private static PyropeNode mtlsNode;

  @BeforeAll
  static void setUp() throws Exception {
    ca = TestCa.create();
    String[] tls = {"--tls.cert=" + ca.file("server.pem"), "--tls.key=" + ca.file("server.key")};
    tlsNode = SecureNode.start(tls);
    mtlsNode = SecureNode.start(tls[0], tls[1], "--tls.ca=" + ca.file("ca.pem"), "--tls.client-auth=required");
  }

  @AfterAll
  static void tearDown() {
    tlsNode.close();
    mtlsNode.close();
  }

  private static Result redisCli(PyropeNode node, boolean clientCert, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", ca.file("ca.pem").toString()));
    if (clientCert) {
      cmd.addAll(List.of("--cert", ca.file("client.pem").toString(), "--key", ca.file("client.key").toString()));
    }
    cmd.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(node.respPort()), "--user", "default", "--pass",
        SecureNode.ADMIN_KEY, "--no-auth-warning"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    return new Result(p.waitFor(), out);
  }

  private record Result(int exit, String out) {}

  private static HttpResponse<String> https(PyropeNode node, SSLContext ssl, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
    return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + SecureNode.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void redisCliConnectsWithTls() throws Exception {
    Result r = redisCli(tlsNode, false, "PING");
    assertEquals("PONG", r.out(), r.out());
    Result v = redisCli(tlsNode, false, "VEC.CREATE", "tls", "docs", "DIM", "2", "METRIC", "l2");
    assertEquals("OK", v.out(), v.out());
  }

  @Test
  void httpsClientConnectsWithTheTestCa() throws Exception {
    assertEquals(200, https(tlsNode, ca.sslContext(false), "/v1/health").statusCode());
    assertEquals(200, https(tlsNode, ca.sslContext(false), "/v1/indexes").statusCode());
  }

  @Test
  void plainTextIsNotServedOnATlsPort() throws Exception {
    try (RawClient c = new RawClient(tlsNode.respPort())) {
      c.send("PING\r\n");
      String line;
      try {
        line = c.readLine();
      } catch (IOException e) {
        line = null;
      }
      assertNotEquals("+PONG", line);
    }
  }

  @Test
  void mutualTlsAcceptsAClientCertificate() throws Exception {
    assertEquals("PONG", redisCli(mtlsNode, true, "PING").out());
    assertEquals(200, https(mtlsNode, ca.sslContext(true), "/v1/health").statusCode());
  }

  @Test
  void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
    Result r = redisCli(mtlsNode, false, "PING");
    assertTrue(!r.out().equals("PONG"), r.out());
    assertThrows(IOException.class, () -> https(mtlsNode, ca.sslContext(false), "/v1/health"));
  }
}
