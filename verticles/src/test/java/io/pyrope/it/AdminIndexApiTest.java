package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Index management over HTTP, its bad-input handling, and the OpenAPI document's coverage. */
class AdminIndexApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PyropeNode node;

  @BeforeAll
  static void startNode() {
    node = TestNodes.shared();
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String inMessage) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(code, body.getString("code"), r.body());
    assertTrue(body.getString("message").contains(inMessage), r.body());
  }

  @Test
  void createListGetBuildAndDelete() throws Exception {
    HttpResponse<String> created = call("POST", "/v1/indexes",
        "{\"tenant\":\"http\",\"name\":\"docs\",\"dim\":4,\"metric\":\"l2\",\"factory\":\"HNSW16\",\"params\":{\"ef\":32}}");
    assertEquals(201, created.statusCode(), created.body());
    assertEquals("HNSW16", new JsonObject(created.body()).getString("factory"));
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"http\",\"name\":\"docs\",\"dim\":4,\"metric\":\"l2\"}"),
        409, "VEC_ERR_EXISTS", "docs");
    HttpResponse<String> list = call("GET", "/v1/indexes?tenant=http", null);
    assertEquals(200, list.statusCode());
    assertEquals(1, new JsonObject(list.body()).getJsonArray("indexes").size());
    assertEquals(200, call("GET", "/v1/indexes/http/docs", null).statusCode());
    assertEquals(200, call("GET", "/v1/indexes/http/docs/stats", null).statusCode());
    assertEquals(200, call("POST", "/v1/indexes/http/docs/build", null).statusCode());
    assertEquals(200, call("DELETE", "/v1/indexes/http/docs", null).statusCode());
    assertError(call("GET", "/v1/indexes/http/docs", null), 404, "VEC_ERR_NOT_FOUND", "docs");
  }

  @Test
  void malformedJsonIsA400() throws Exception {
    assertError(call("POST", "/v1/indexes", "{\"tenant\":"), 400, "VEC_ERR_SYNTAX", "not valid JSON");
    assertError(call("POST", "/v1/indexes", "[1,2]"), 400, "VEC_ERR_SYNTAX", "must be a JSON object");
    assertError(call("POST", "/v1/indexes", ""), 400, "VEC_ERR_SYNTAX", "empty");
  }

  @Test
  void wrongTypesNameTheField() throws Exception {
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"name\":\"x\",\"dim\":\"four\",\"metric\":\"l2\"}"),
        400, "VEC_ERR_SYNTAX", "field 'dim' must be an integer");
    assertError(call("POST", "/v1/indexes", "{\"tenant\":7,\"name\":\"x\",\"dim\":4,\"metric\":\"l2\"}"),
        400, "VEC_ERR_SYNTAX", "field 'tenant' must be a string");
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"name\":\"x\",\"dim\":4,\"metric\":\"l2\",\"params\":[1]}"),
        400, "VEC_ERR_SYNTAX", "field 'params' must be an object");
  }

  @Test
  void unknownAndMissingFieldsAreNamed() throws Exception {
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"name\":\"x\",\"dim\":4,\"metric\":\"l2\",\"colour\":1}"),
        400, "VEC_ERR_SYNTAX", "unknown field 'colour'");
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"dim\":4,\"metric\":\"l2\"}"),
        400, "VEC_ERR_SYNTAX", "field 'name' is required");
  }

  @Test
  void semanticErrorsAre4xxNever5xx() throws Exception {
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"name\":\"x\",\"dim\":4,\"metric\":\"manhattan\"}"),
        400, "VEC_ERR_SYNTAX", "manhattan");
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"name\":\"x\",\"dim\":99999,\"metric\":\"l2\"}"),
        400, "VEC_ERR_LIMIT", "dim");
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"bad name\",\"name\":\"x\",\"dim\":4,\"metric\":\"l2\"}"),
        400, "VEC_ERR_SYNTAX", "tenant");
    assertError(call("POST", "/v1/indexes", "{\"tenant\":\"h\",\"name\":\"x\",\"dim\":4,\"metric\":\"l2\","
        + "\"factory\":\"Bogus123\"}"), 400, "VEC_ERR_SYNTAX", "Bogus123");
  }

  @Test
  void hugeBodyIsA413() throws Exception {
    String huge = "{\"tenant\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    assertError(call("POST", "/v1/indexes", huge), 413, "VEC_ERR_LIMIT", "over");
  }

  @Test
  void openApiDocumentsExactlyTheMountedRoutes() throws Exception {
    HttpResponse<String> r = call("GET", "/v1/openapi.json", null);
    assertEquals(200, r.statusCode());
    JsonObject paths = new JsonObject(r.body()).getJsonObject("paths");
    Set<String> documented = new HashSet<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!method.equals("parameters")) {
          documented.add(method.toUpperCase() + " " + path.replaceAll("\\{([^}]+)}", ":$1"));
        }
      }
    }
    Set<String> mounted = new HashSet<>(node.adminRoutes());
    assertEquals(mounted, documented, "OpenAPI paths vs mounted routes");
    for (String route : documented) {
      String[] mp = route.split(" ", 2);
      String path = mp[1].replace(":tenant", "nobody").replace(":index", "nothing");
      HttpResponse<String> answer = call(mp[0], path, mp[0].equals("POST") ? "{}" : null);
      boolean routeMissing = answer.statusCode() == 404 && answer.body().contains("\"NOT_FOUND\"");
      assertTrue(!routeMissing && answer.statusCode() < 500, route + " answered " + answer.statusCode() + " "
          + answer.body());
    }
  }

  @Test
  void listOfAllTenantsWorksWithoutAQuery() throws Exception {
    HttpResponse<String> r = call("GET", "/v1/indexes", null);
    assertEquals(200, r.statusCode());
    assertTrue(new JsonObject(r.body()).getJsonArray("indexes") != null);
  }
}
