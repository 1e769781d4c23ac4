package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.pyrope.security.ApiKeys;
import io.pyrope.security.Role;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
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
 * Over HTTP with auth on: every admin route, for every role, in its own tenant and in another;
 * keys, rotation and revocation. The expected table is written out here, independently of the code.
 */
class HttpIsolationTest {
  private static final String ADMIN = SecureNode.ADMIN_KEY;
  private static PyropeNode node;
  private static final Map<Role, String> KEYS = new LinkedHashMap<>();
  private static String globexKey;

  /** The labels of the calls each role may make in its own tenant. */
  private static final Set<String> READER = Set.of("list", "get", "stats", "quotas", "snapshots");
  private static final Set<String> OPERATOR = Set.of("list", "get", "stats", "quotas", "snapshots", "create", "build",
      "snapshot", "drop", "cache.invalidate");
  private static final Set<String> TENANT_ADMIN = Set.of("list", "get", "stats", "quotas", "snapshots", "create",
      "build", "snapshot", "drop", "cache.invalidate", "tenant", "user.create", "key.create", "key.revoke",
      "user.delete", "audit");
  private static final Map<Role, Set<String>> ALLOWED = Map.of(Role.READER, READER, Role.OPERATOR, OPERATOR,
      Role.TENANT_ADMIN, TENANT_ADMIN);

  private record Call(String label, String method, String path, String body) {}

  @BeforeAll
  static void setUp() {
    node = SecureNode.start("--auth.failure-allowance=1000");
    for (Role r : Role.values()) {
      KEYS.put(r, Http.user(node, ADMIN, "acme", r.wireName(), r.wireName()));
    }
    globexKey = Http.user(node, ADMIN, "globex", "boss", "tenant_admin");
    for (String t : List.of("acme", "globex")) {
      Http.json(Http.call(node, "POST", "/v1/indexes", "{\"tenant\":\"" + t + "\",\"name\":\"docs\",\"dim\":2,"
          + "\"metric\":\"l2\"}", ADMIN), 201);
    }
  }

  @AfterAll
  static void tearDown() {
    node.close();
  }

  /** Every admin route a tenant key might try, aimed at {@code t}. */
  private static List<Call> calls(String t, Role r, String victimUser, String victimKeyId) {
    String n = r.wireName();
    List<Call> c = new ArrayList<>();
    c.add(new Call("create", "POST", "/v1/indexes", "{\"tenant\":\"" + t + "\",\"name\":\"h_" + n + "\",\"dim\":2,"
        + "\"metric\":\"l2\"}"));
    c.add(new Call("list", "GET", "/v1/indexes?tenant=" + t, null));
    c.add(new Call("get", "GET", "/v1/indexes/" + t + "/docs", null));
    c.add(new Call("stats", "GET", "/v1/indexes/" + t + "/docs/stats", null));
    c.add(new Call("build", "POST", "/v1/indexes/" + t + "/docs/build", null));
    c.add(new Call("snapshot", "POST", "/v1/indexes/" + t + "/docs/snapshot", null));
    c.add(new Call("snapshots", "GET", "/v1/indexes/" + t + "/docs/snapshots", null));
    c.add(new Call("drop", "DELETE", "/v1/indexes/" + t + (t.equals("acme") ? "/h_" + n : "/docs"), null));
    c.add(new Call("tenant", "GET", "/v1/tenants/" + t, null));
    c.add(new Call("quotas", "GET", "/v1/tenants/" + t + "/quotas", null));
    c.add(new Call("quotas.put", "PUT", "/v1/tenants/" + t + "/quotas", "{\"qps\":1000}"));
    c.add(new Call("user.create", "POST", "/v1/tenants/" + t + "/users", "{\"name\":\"new_" + n + "\",\"role\":"
        + "\"tenant_admin\"}"));
    c.add(new Call("key.create", "POST", "/v1/tenants/" + t + "/users/" + victimUser + "/keys", null));
    c.add(new Call("key.revoke", "DELETE", "/v1/tenants/" + t + "/keys/" + victimKeyId, null));
    c.add(new Call("user.delete", "DELETE", "/v1/tenants/" + t + "/users/" + victimUser, null));
    c.add(new Call("audit", "GET", "/v1/audit?tenant=" + t, null));
    c.add(new Call("tenants.create", "POST", "/v1/tenants", "{\"name\":\"x_" + n + "\"}"));
    c.add(new Call("tenants.list", "GET", "/v1/tenants", null));
    c.add(new Call("metrics", "GET", "/v1/metrics", null));
    c.add(new Call("cache.flush", "POST", "/v1/cache/flush", "{}"));
    c.add(new Call("cache.invalidate", "POST", "/v1/cache/invalidate", "{\"tenant\":\"" + t
        + "\",\"index\":\"docs\"}"));
    return c;
  }

  @Test
  void eachRoleMakesExactlyItsCallsInItsOwnTenant() {
    for (Role r : Role.values()) {
      // A victim user of each role's own, for the user and key calls.
      String victimKey = Http.user(node, ADMIN, "acme", "victim_" + r.wireName(), "reader");
      String victimKeyId = ApiKeys.parse(victimKey).keyId();
      for (Call c : calls("acme", r, "victim_" + r.wireName(), victimKeyId)) {
        HttpResponse<String> resp = Http.call(node, c.method, c.path, c.body, KEYS.get(r));
        String what = r.wireName() + " " + c.label + " (" + c.method + " " + c.path + ") → " + resp.statusCode() + " "
            + resp.body();
        if (ALLOWED.get(r).contains(c.label)) {
          assertTrue(resp.statusCode() < 400, what);
        } else {
          assertEquals(403, resp.statusCode(), what);
          assertEquals("VEC_ERR_PERM", new JsonObject(resp.body()).getString("code"), what);
        }
      }
    }
  }

  @Test
  void noRoleReachesAnotherTenant() {
    String bossKeyId = ApiKeys.parse(globexKey).keyId();
    for (Role r : Role.values()) {
      for (Call c : calls("globex", r, "boss", bossKeyId)) {
        if (Set.of("tenants.create", "tenants.list", "metrics", "cache.flush").contains(c.label)) {
          continue; // node-wide, covered above
        }
        HttpResponse<String> resp = Http.call(node, c.method, c.path, c.body, KEYS.get(r));
        assertEquals(403, resp.statusCode(), r.wireName() + " " + c.label + " on globex → " + resp.body());
      }
    }
    // Nothing of globex changed.
    assertEquals(200, Http.call(node, "GET", "/v1/indexes/globex/docs", null, globexKey).statusCode());
    assertEquals(200, Http.call(node, "GET", "/v1/tenants/globex", null, globexKey).statusCode());
    JsonObject quotas = Http.json(Http.call(node, "GET", "/v1/tenants/globex/quotas", null, globexKey), 200);
    assertEquals(null, quotas.getValue("qps"));
  }

  @Test
  void listingWithoutATenantShowsOnlyTheKeysOwnTenant() {
    JsonObject r = Http.json(Http.call(node, "GET", "/v1/indexes", null, KEYS.get(Role.READER)), 200);
    assertFalse(r.getJsonArray("indexes").isEmpty());
    for (Object o : r.getJsonArray("indexes")) {
      assertEquals("acme", ((JsonObject) o).getString("tenant"));
    }
  }

  @Test
  void requestsWithoutAValidKeyAreRefusedButHealthAndOpenApiArePublic() {
    Http.assertError(Http.call(node, "GET", "/v1/indexes", null, null), 401, "VEC_ERR_AUTH", "Bearer");
    Http.assertError(Http.call(node, "GET", "/v1/indexes", null, "pyr_nonsense"), 401, "VEC_ERR_AUTH", "invalid key");
    Http.assertError(Http.call(node, "GET", "/v1/metrics", null, null), 401, "VEC_ERR_AUTH", "Bearer");
    assertEquals(200, Http.call(node, "GET", "/v1/health", null, null).statusCode());
    assertEquals(200, Http.call(node, "GET", "/v1/openapi.json", null, null).statusCode());
    assertEquals(200, Http.call(node, "GET", "/v1/metrics", null, ADMIN).statusCode());
  }

  @Test
  void aKeyIsShownOnceAndNeverListed() {
    String key = Http.user(node, ADMIN, "acme", "shown_once", "reader");
    String tenant = Http.call(node, "GET", "/v1/tenants/acme", null, ADMIN).body();
    assertFalse(tenant.contains(key));
    assertFalse(tenant.contains(ApiKeys.parse(key).secret()));
    assertTrue(tenant.contains(ApiKeys.parse(key).keyId()));
  }

  @Test
  void rotationInvalidatesTheOldKeyAtOnceOnHttpAndResp() {
    String old = Http.user(node, ADMIN, "acme", "rotor", "operator");
    try (Jedis j = SecureNode.jedis(node, "rotor", old)) {
      assertNotEquals(null, VecClient.send(j, "VEC.STATS", "acme", "docs"));
      JsonObject fresh = Http.json(Http.call(node, "POST", "/v1/tenants/acme/users/rotor/keys",
          "{\"replaces\":\"" + ApiKeys.parse(old).keyId() + "\"}", KEYS.get(Role.TENANT_ADMIN)), 201);
      assertEquals(ApiKeys.parse(old).keyId(), fresh.getString("replaced"));
      Http.assertError(Http.call(node, "GET", "/v1/indexes/acme/docs", null, old), 401, "VEC_ERR_AUTH", "invalid");
      assertEquals(200, Http.call(node, "GET", "/v1/indexes/acme/docs", null, fresh.getString("key")).statusCode());
      JedisDataException e = org.junit.jupiter.api.Assertions.assertThrows(JedisDataException.class,
          () -> VecClient.send(j, "VEC.STATS", "acme", "docs"));
      assertTrue(e.getMessage().startsWith("VEC_ERR_AUTH"), e.getMessage());
    }
  }

  @Test
  void deletingAUserRevokesItsKeys() {
    String key = Http.user(node, ADMIN, "acme", "leaver", "reader");
    JsonObject deleted = Http.json(Http.call(node, "DELETE", "/v1/tenants/acme/users/leaver", null, ADMIN), 200);
    assertEquals(List.of(ApiKeys.parse(key).keyId()), deleted.getJsonArray("revoked_keys").getList());
    Http.assertError(Http.call(node, "GET", "/v1/indexes/acme/docs", null, key), 401, "VEC_ERR_AUTH", "invalid");
  }
}
