package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pyrope.node.PyropeNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** redis-cli (from redis-tools), run as a separate process, in RESP2 and RESP3. Skipped where it is not installed. */
class RedisCliTest {
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-cli")), "redis-cli is not installed");
    node = TestNodes.shared();
  }

  private static String cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(node.respPort())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "redis-cli did not finish");
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  @Test
  void pingAnswersPong() throws Exception {
    assertEquals("PONG", cli("PING"));
  }

  @Test
  void resp3PingAndHello() throws Exception {
    assertEquals("PONG", cli("-3", "PING"));
    String hello = cli("-3", "HELLO", "3");
    assertTrue(hello.contains("pyrope"), hello);
    assertTrue(hello.contains("proto"), hello);
  }

  @Test
  void echoIsBinarySafe() throws Exception {
    assertEquals("a b\tc", cli("ECHO", "a b\tc"));
  }

  @Test
  void commandCountMatchesCommandList() throws Exception {
    int count = Integer.parseInt(cli("COMMAND", "COUNT"));
    String list = cli("COMMAND", "LIST");
    assertEquals(count, list.lines().count());
    assertTrue(list.contains("ping"), list);
  }

  @Test
  void errorsAreShownAsErrors() throws Exception {
    String out = cli("NOSUCH", "x");
    assertTrue(out.startsWith("ERR unknown command 'NOSUCH'") || out.startsWith("(error) ERR unknown command"), out);
  }

  @Test
  void infoServerSection() throws Exception {
    String out = cli("INFO", "server");
    assertTrue(out.contains("# Server"), out);
    assertTrue(out.contains("tcp_port:" + node.respPort()), out);
  }
}
