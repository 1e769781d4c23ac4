package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pyrope.node.PyropeNode;
import io.pyrope.security.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A generated key, and the admin key, appear in no file under the node's data dir (the security
 * store, the Kafka log with the audit topic) and in no log line, even at DEBUG, after being used
 * right and wrong over HTTP and RESP.
 */
class KeyHygieneTest {
  @Test
  void keysAreNeverStoredOrLoggedInClear() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger pyrope = (Logger) LoggerFactory.getLogger("io.pyrope");
    Level before = pyrope.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    pyrope.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    PyropeNode node = SecureNode.start("--auth.failure-allowance=1000");
    try {
      String key = Http.user(node, SecureNode.ADMIN_KEY, "hyg", "alice", "operator");
      secrets.add(ApiKeys.parse(key).secret());
      secrets.add(SecureNode.ADMIN_KEY);
      Http.json(Http.call(node, "POST", "/v1/indexes", "{\"tenant\":\"hyg\",\"name\":\"d\",\"dim\":2,\"metric\":\"l2\"}",
          key), 201);
      assertEquals(401, Http.call(node, "GET", "/v1/indexes", null, key + "x").statusCode());
      try (Jedis j = SecureNode.jedis(node, "alice", key)) {
        VecClient.send(j, "VEC.ADD", "hyg", "d", "a", "VECTOR", "[1,0]");
      }
      try (RawClient c = new RawClient(node.respPort())) {
        // The key with its last character changed (a key that already ends in 'Q' gets 'R': the
        // wrong key must differ, or the AUTH succeeds — this test failed so once in ~60 runs).
        char wrong = key.charAt(key.length() - 1) == 'Q' ? 'R' : 'Q';
        c.send("AUTH alice " + key.substring(0, key.length() - 1) + wrong + "\r\n");
        assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH"));
        c.send("AUTH " + key + " alice\r\n"); // the key where the user name goes
        assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH"));
      }
      String rotated = Http.json(Http.call(node, "POST", "/v1/tenants/hyg/users/alice/keys",
          "{\"replaces\":\"" + ApiKeys.parse(key).keyId() + "\"}", SecureNode.ADMIN_KEY), 201).getString("key");
      secrets.add(ApiKeys.parse(rotated).secret());
      // Let the audit records reach the broker's log before reading it.
      Thread.sleep(1000);
    } finally {
      node.close();
      root.detachAppender(logs);
      pyrope.setLevel(before);
    }
    List<Path> scanned = new ArrayList<>();
    for (Path dir : List.of(node.dataDir(), TestNodes.shared().dataDir())) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          byte[] bytes = readQuietly(f);
          String text = new String(bytes, StandardCharsets.ISO_8859_1);
          for (String s : secrets) {
            assertFalse(text.contains(s), "a key is in clear in " + f);
          }
          scanned.add(f);
        }
      }
    }
    assertTrue(scanned.stream().anyMatch(p -> p.toString().endsWith("security.json")), "the store was scanned");
    assertTrue(scanned.stream().anyMatch(p -> p.toString().contains("pyrope.audit")), "the audit log was scanned");
    assertFalse(logs.list.isEmpty());
    for (ILoggingEvent e : logs.list) {
      String line = e.getFormattedMessage() + " " + e.getKeyValuePairs();
      for (String s : secrets) {
        assertFalse(line.contains(s), "a key is in the log line: " + e.getLoggerName());
      }
    }
  }

  private static byte[] readQuietly(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      return new byte[0]; // a lock file or a segment being rolled
    }
  }
}
