package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pyrope.node.PyropeNode;
import io.pyrope.security.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Over RESP with auth on: every VEC command, for every role, in its own tenant and in another.
 * The expected table is written out here, independently of the code's table.
 */
class RespIsolationTest {
  private static PyropeNode node;
  private static final Map<Role, String> KEYS = new LinkedHashMap<>();
  /** What each role may run in its own tenant. */
  private static final Map<Role, Set<String>> ALLOWED = Map.of(
      Role.READER, Set.of("VEC.SEARCH", "VEC.GET", "VEC.STATS"),
      Role.OPERATOR, Set.of("VEC.SEARCH", "VEC.GET", "VEC.STATS", "VEC.ADD", "VEC.UPSERT", "VEC.DEL", "VEC.CREATE",
          "VEC.SNAPSHOT", "VEC.RESTORE", "VEC.BUILD", "VEC.DROP"),
      Role.TENANT_ADMIN, Set.of("VEC.SEARCH", "VEC.GET", "VEC.STATS", "VEC.ADD", "VEC.UPSERT", "VEC.DEL",
          "VEC.CREATE", "VEC.SNAPSHOT", "VEC.RESTORE", "VEC.BUILD", "VEC.DROP"));

  @BeforeAll
  static void setUp() {
    node = SecureNode.start();
    for (Role r : Role.values()) {
      KEYS.put(r, SecureNode.user(node, "acme", r.wireName(), r));
    }
    SecureNode.user(node, "globex", "boss", Role.TENANT_ADMIN);
    try (Jedis admin = SecureNode.admin(node)) {
      for (String t : List.of("acme", "globex")) {
        VecClient.send(admin, "VEC.CREATE", t, "docs", "DIM", 2, "METRIC", "l2");
        VecClient.send(admin, "VEC.ADD", t, "docs", "a", "VECTOR", "[1,0]");
        // An index of the other tenant for each role to try to drop or build.
        for (Role r : Role.values()) {
          VecClient.send(admin, "VEC.CREATE", t, "tmp_" + r.wireName(), "DIM", 2, "METRIC", "l2");
        }
      }
    }
  }

  @AfterAll
  static void tearDown() {
    node.close();
  }

  /** The commands in a workable order, each as its arguments after the name. */
  private static List<Object[]> script(String tenant, Role r) {
    String id = "id_" + r.wireName();
    String tmp = "own_" + r.wireName();
    return List.of(
        new Object[] {"VEC.SEARCH", tenant, "docs", "TOPK", 1, "VECTOR", "[1,0]"},
        new Object[] {"VEC.GET", tenant, "docs", "a"},
        new Object[] {"VEC.STATS", tenant, "docs"},
        new Object[] {"VEC.ADD", tenant, "docs", id, "VECTOR", "[0,1]"},
        new Object[] {"VEC.UPSERT", tenant, "docs", id, "VECTOR", "[0,1]"},
        new Object[] {"VEC.DEL", tenant, "docs", id},
        new Object[] {"VEC.CREATE", tenant, tmp, "DIM", 2, "METRIC", "l2"},
        new Object[] {"VEC.SNAPSHOT", tenant, "docs"},
        new Object[] {"VEC.RESTORE", tenant, "docs", "SNAPSHOT", "no-such-snapshot"},
        new Object[] {"VEC.BUILD", tenant, "tmp_" + r.wireName()},
        new Object[] {"VEC.DROP", tenant, "tmp_" + r.wireName()});
  }

  private static String run(Jedis j, Object[] c) {
    try {
      VecClient.send(j, (String) c[0], java.util.Arrays.copyOfRange(c, 1, c.length));
      return null;
    } catch (JedisDataException e) {
      return e.getMessage();
    }
  }

  @Test
  void eachRoleRunsExactlyItsCommandsInItsOwnTenant() {
    for (Role r : Role.values()) {
      try (Jedis j = SecureNode.jedis(node, r.wireName(), KEYS.get(r))) {
        for (Object[] c : script("acme", r)) {
          String err = run(j, c);
          String what = r.wireName() + " " + c[0];
          if (ALLOWED.get(r).contains((String) c[0])) {
            if (err != null && !Set.of("VEC.BUILD", "VEC.DROP", "VEC.RESTORE").contains((String) c[0])) {
              fail(what + " should run, got " + err);
            }
            if (err != null) {
              assertTrue(!err.startsWith("VEC_ERR_PERM"), what + ": " + err);
            }
          } else {
            assertTrue(err != null && err.startsWith("VEC_ERR_PERM"), what + " should be refused, got " + err);
          }
        }
      }
    }
  }

  @Test
  void noRoleReachesAnotherTenant() {
    for (Role r : Role.values()) {
      try (Jedis j = SecureNode.jedis(node, r.wireName(), KEYS.get(r))) {
        for (Object[] c : script("globex", r)) {
          String err = run(j, c);
          assertTrue(err != null && err.startsWith("VEC_ERR_PERM"), r.wireName() + " " + c[0] + " on globex: " + err);
        }
      }
    }
    try (Jedis admin = SecureNode.admin(node)) {
      Object stats = VecClient.send(admin, "VEC.STATS", "globex", "docs");
      assertTrue(stats != null);
      assertTrue(VecClient.ids(VecClient.send(admin, "VEC.SEARCH", "globex", "docs", "TOPK", 5, "VECTOR", "[0,1]"))
          .equals(List.of("a")), "globex's data is untouched");
    }
  }

  @Test
  void authBindsTheKeysOwnUserOnly() throws Exception {
    String key = KEYS.get(Role.READER);
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("AUTH operator " + key + "\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH"));
      c.send("AUTH reader " + key + "\r\n");
      assertEquals("+OK", c.readLine());
      c.send("CLIENT INFO\r\n");
      String info = c.readLine();
      assertTrue(info.startsWith("$"));
      assertTrue(c.readLine().contains("user=acme/reader"));
    }
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("AUTH " + key + "\r\n"); // one-argument AUTH: the key names its user
      assertEquals("+OK", c.readLine());
      c.send("VEC.ADD acme docs z VECTOR [1,1]\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_PERM"));
    }
  }

  @Test
  void helloThreeAuthBindsTheUser() {
    try (Jedis j = SecureNode.jedis(node, "operator", KEYS.get(Role.OPERATOR), redis.clients.jedis.RedisProtocol.RESP3)) {
      assertEquals(1L, VecClient.send(j, "VEC.UPSERT", "acme", "docs", "h3", "VECTOR", "[1,1]"));
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> VecClient.send(j, "VEC.GET", "globex", "docs", "a"));
      assertTrue(e.getMessage().startsWith("VEC_ERR_PERM"), e.getMessage());
    }
  }

  @Test
  void clientListIsForTheNodeAdminOnly() {
    try (Jedis j = SecureNode.jedis(node, "tenant_admin", KEYS.get(Role.TENANT_ADMIN))) {
      JedisDataException e = assertThrows(JedisDataException.class, j::clientList);
      assertTrue(e.getMessage().startsWith("VEC_ERR_PERM"), e.getMessage());
    }
    try (Jedis admin = SecureNode.admin(node)) {
      assertTrue(admin.clientList().contains("id="));
    }
  }

  @Test
  void revokingAKeyCutsOffTheConnectionsUsingIt() throws Exception {
    String key = SecureNode.user(node, "acme", "shortlived", Role.READER);
    String keyId = io.pyrope.security.ApiKeys.parse(key).keyId();
    try (RawClient c = new RawClient(node.respPort())) {
      c.send("AUTH shortlived " + key + "\r\nVEC.GET acme docs nosuchid\r\n");
      assertEquals("+OK", c.readLine());
      String allowed = c.readLine();
      assertTrue(allowed.startsWith("-VEC_ERR_NOT_FOUND"), allowed); // past the permission check
      node.security().store().revokeKey("acme", keyId);
      c.send("VEC.GET acme docs a\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH the key this connection authenticated with was revoked"));
      c.send("ECHO x\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH authentication required"));
      c.send("AUTH shortlived " + key + "\r\n");
      assertTrue(c.readLine().startsWith("-VEC_ERR_AUTH invalid"));
    }
  }
}
