package io.pyrope.it;

import static io.pyrope.it.Http.assertError;
import static io.pyrope.it.Http.call;

import io.pyrope.node.PyropeNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input to every tenant, user, key and audit route: a 4xx naming the field, never a 5xx. */
class HttpBadInputTest {
  private static PyropeNode node;

  @BeforeAll
  static void setUp() {
    node = TestNodes.shared(); // auth off: every call is the node admin's
    Http.json(call(node, "POST", "/v1/tenants", "{\"name\":\"badinput\"}", null), 201);
    Http.json(call(node, "POST", "/v1/tenants/badinput/users", "{\"name\":\"u\",\"role\":\"reader\"}", null), 201);
  }

  @Test
  void createTenant() {
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":7}", null), 400, "VEC_ERR_SYNTAX",
        "field 'name' must be a string");
    assertError(call(node, "POST", "/v1/tenants", "{}", null), 400, "VEC_ERR_SYNTAX", "field 'name' is required");
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":\"a\",\"colour\":1}", null), 400, "VEC_ERR_SYNTAX",
        "unknown field 'colour'");
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":", null), 400, "VEC_ERR_SYNTAX", "not valid JSON");
    assertError(call(node, "POST", "/v1/tenants", "[]", null), 400, "VEC_ERR_SYNTAX", "JSON object");
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":\"a b\"}", null), 400, "VEC_ERR_SYNTAX", "tenant name");
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":\"" + "x".repeat(300) + "\"}", null), 400,
        "VEC_ERR_LIMIT", "tenant name");
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":\"" + "x".repeat(2 << 20) + "\"}", null), 413,
        "VEC_ERR_LIMIT", "over");
    assertError(call(node, "POST", "/v1/tenants", "{\"name\":\"badinput\"}", null), 409, "VEC_ERR_EXISTS",
        "badinput");
  }

  @Test
  void putQuotas() {
    String q = "/v1/tenants/badinput/quotas";
    assertError(call(node, "PUT", q, "{\"qps\":\"fast\"}", null), 400, "VEC_ERR_SYNTAX", "field 'qps' must be a number");
    assertError(call(node, "PUT", q, "{\"qps\":-1}", null), 400, "VEC_ERR_SYNTAX", "field 'qps'");
    assertError(call(node, "PUT", q, "{\"concurrent_searches\":1.5}", null), 400, "VEC_ERR_SYNTAX",
        "field 'concurrent_searches' must be an integer");
    assertError(call(node, "PUT", q, "{\"cache_bytes\":-5}", null), 400, "VEC_ERR_SYNTAX", "field 'cache_bytes'");
    assertError(call(node, "PUT", q, "{\"cache_bytes\":1e400}", null), 400, "VEC_ERR_SYNTAX", "'cache_bytes'");
    assertError(call(node, "PUT", q, "{\"daily_compute_seconds\":[1]}", null), 400, "VEC_ERR_SYNTAX",
        "field 'daily_compute_seconds'");
    assertError(call(node, "PUT", q, "{\"burst\":1}", null), 400, "VEC_ERR_SYNTAX", "unknown field 'burst'");
    assertError(call(node, "PUT", q, "", null), 400, "VEC_ERR_SYNTAX", "empty");
    assertError(call(node, "PUT", "/v1/tenants/nosuch/quotas", "{}", null), 404, "VEC_ERR_NOT_FOUND", "nosuch");
    assertError(call(node, "GET", "/v1/tenants/nosuch/quotas", null, null), 404, "VEC_ERR_NOT_FOUND", "nosuch");
    assertError(call(node, "GET", "/v1/tenants/nosuch", null, null), 404, "VEC_ERR_NOT_FOUND", "nosuch");
  }

  @Test
  void createUser() {
    String u = "/v1/tenants/badinput/users";
    assertError(call(node, "POST", u, "{\"name\":\"v\",\"role\":\"root\"}", null), 400, "VEC_ERR_SYNTAX", "role");
    assertError(call(node, "POST", u, "{\"name\":\"v\",\"role\":1}", null), 400, "VEC_ERR_SYNTAX",
        "field 'role' must be a string");
    assertError(call(node, "POST", u, "{\"name\":\"v\"}", null), 400, "VEC_ERR_SYNTAX", "field 'role' is required");
    assertError(call(node, "POST", u, "{\"name\":\"admin\",\"role\":\"reader\"}", null), 400, "VEC_ERR_SYNTAX",
        "reserved");
    assertError(call(node, "POST", u, "{\"name\":\"v\",\"role\":\"reader\",\"x\":0}", null), 400, "VEC_ERR_SYNTAX",
        "unknown field 'x'");
    assertError(call(node, "POST", u, "{\"name\":\"u\",\"role\":\"reader\"}", null), 409, "VEC_ERR_EXISTS", "u");
    assertError(call(node, "POST", "/v1/tenants/nosuch/users", "{\"name\":\"v\",\"role\":\"reader\"}", null), 404,
        "VEC_ERR_NOT_FOUND", "nosuch");
    assertError(call(node, "DELETE", u + "/ghost", null, null), 404, "VEC_ERR_NOT_FOUND", "ghost");
  }

  @Test
  void createAndRevokeKeys() {
    String k = "/v1/tenants/badinput/users/u/keys";
    assertError(call(node, "POST", k, "{\"replaces\":5}", null), 400, "VEC_ERR_SYNTAX",
        "field 'replaces' must be a string");
    assertError(call(node, "POST", k, "{\"rotate\":true}", null), 400, "VEC_ERR_SYNTAX", "unknown field 'rotate'");
    assertError(call(node, "POST", k, "{\"replaces\":\"0000000000000000\"}", null), 404, "VEC_ERR_NOT_FOUND",
        "0000000000000000");
    assertError(call(node, "POST", "/v1/tenants/badinput/users/ghost/keys", null, null), 404, "VEC_ERR_NOT_FOUND",
        "ghost");
    assertError(call(node, "DELETE", "/v1/tenants/badinput/keys/nokey", null, null), 404, "VEC_ERR_NOT_FOUND",
        "nokey");
  }

  @Test
  void auditQuery() {
    assertError(call(node, "GET", "/v1/audit?since=yesterday", null, null), 400, "VEC_ERR_SYNTAX", "'since'");
    assertError(call(node, "GET", "/v1/audit?limit=0", null, null), 400, "VEC_ERR_SYNTAX", "'limit'");
    assertError(call(node, "GET", "/v1/audit?limit=abc", null, null), 400, "VEC_ERR_SYNTAX", "'limit'");
    assertError(call(node, "GET", "/v1/audit?tenant=a%20b", null, null), 400, "VEC_ERR_SYNTAX", "tenant");
    assertError(call(node, "GET", "/v1/audit?action=DROP%20TABLE", null, null), 400, "VEC_ERR_SYNTAX", "'action'");
  }
}
