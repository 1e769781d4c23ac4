package io.pyrope.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad bytes on the wire: each case gets Redis's protocol error and a close, the node keeps
 * serving a well-behaved client on another connection, and the connection count returns to its
 * baseline (nothing leaks).
 */
class ProtocolAbuseTest {
  private static PyropeNode node;
  private RawClient bystander;
  private int baseline;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  @BeforeEach
  void connectBystander() throws Exception {
    bystander = new RawClient(node.respPort());
    bystander.send("PING\r\n");
    assertEquals("+PONG", bystander.readLine());
    baseline = node.stats().connectedClients();
  }

  @AfterEach
  void bystanderStillServedAndNothingLeaks() throws Exception {
    bystander.send("*2\r\n$4\r\nECHO\r\n$2\r\nok\r\n");
    assertEquals("$2", bystander.readLine());
    assertEquals("ok", bystander.readLine());
    await().atMost(Duration.ofSeconds(5)).until(() -> node.stats().connectedClients() == baseline);
    bystander.close();
  }

  private void expectErrorThenClose(String bytes, String error) throws Exception {
    expectErrorThenClose(bytes.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), error);
  }

  private void expectErrorThenClose(byte[] bytes, String error) throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send(bytes);
      assertEquals("-ERR Protocol error: " + error, c.readLine());
      assertTrue(c.closedByServer(), "the server should close after a protocol error");
    }
  }

  @Test
  void oversizedBulkLength() throws Exception {
    expectErrorThenClose("*2\r\n$4\r\nECHO\r\n$999999999999\r\n", "invalid bulk length");
  }

  @Test
  void negativeBulkLength() throws Exception {
    expectErrorThenClose("*2\r\n$4\r\nECHO\r\n$-5\r\n", "invalid bulk length");
  }

  @Test
  void nonNumericMultibulkLength() throws Exception {
    expectErrorThenClose("*abc\r\n", "invalid multibulk length");
  }

  @Test
  void nonNumericBulkLength() throws Exception {
    expectErrorThenClose("*1\r\n$4x\r\nPING\r\n", "invalid bulk length");
  }

  @Test
  void tooManyArguments() throws Exception {
    expectErrorThenClose("*99999999\r\n", "multibulk length exceeds the limit of 1048576 arguments");
  }

  @Test
  void bulkWhereAStringWasExpected() throws Exception {
    expectErrorThenClose("*1\r\n+PING\r\n", "expected '$', got '+'");
  }

  @Test
  void binaryGarbageStartingLikeAFrame() throws Exception {
    byte[] junk = new byte[512];
    new Random(42).nextBytes(junk);
    junk[0] = '*';
    junk[1] = (byte) 0xfe;
    expectErrorThenClose(junk, "invalid multibulk length");
  }

  @Test
  void randomGarbageNeverKillsTheNode() throws Exception {
    Random r = new Random(7);
    for (int i = 0; i < 50; i++) {
      byte[] junk = new byte[1 + r.nextInt(2048)];
      r.nextBytes(junk);
      try (RawClient c = new RawClient(node.respPort())) {
        c.send(junk);
        c.send("\r\n");
        c.closedByServer(); // whatever the reply, the node must survive it
      } catch (java.io.IOException expectedOnReset) {
        // the server may close mid-write
      }
    }
  }

  @Test
  void abruptDisconnectMidFrame() throws Exception {
    for (int i = 0; i < 20; i++) {
      RawClient c = new RawClient(node.respPort());
      c.send("*3\r\n$4\r\nECHO\r\n$100\r\nonly-part-of-it");
      c.abort();
    }
  }

  @Test
  void inlineCommandsWorkLikeTelnet() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("PING\r\nECHO \"two words\"\r\n");
      assertEquals("+PONG", c.readLine());
      assertEquals("$9", c.readLine());
      assertEquals("two words", c.readLine());
    }
  }

  @Test
  void wrongArityGetsRedisErrorAndKeepsTheConnection() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("*1\r\n$4\r\nECHO\r\nPING\r\n");
      assertEquals("-ERR wrong number of arguments for 'echo' command", c.readLine());
      assertEquals("+PONG", c.readLine());
    }
  }

  @Test
  void unbalancedQuotesInInlineCommand() throws Exception {
    expectErrorThenClose("ECHO \"open\r\n", "unbalanced quotes in request");
  }

  @Test
  void quitRepliesThenCloses() throws Exception {
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n");
      assertEquals("+OK", c.readLine());
      assertTrue(c.closedByServer(), "QUIT closes, and the PING after it is not answered");
    }
  }
}
