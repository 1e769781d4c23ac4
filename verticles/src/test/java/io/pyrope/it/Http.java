package io.pyrope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.node.PyropeNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small JSON-over-HTTP client for the admin API, with an optional bearer key and request id. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Http() {}

  static HttpResponse<String> call(PyropeNode node, String method, String path, String body, String key) {
    return call(node, method, path, body, key, null);
  }

  static HttpResponse<String> call(PyropeNode node, String method, String path, String body, String key,
      String requestId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (requestId != null) {
      b.header("X-Request-Id", requestId);
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  static JsonObject json(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.request().method() + " " + r.request().uri() + " → " + r.body());
    return new JsonObject(r.body());
  }

  static void assertError(HttpResponse<String> r, int status, String code, String inMessage) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(code, body.getString("code"), r.body());
    assertTrue(body.getString("message").contains(inMessage), "'" + inMessage + "' not in " + r.body());
  }

  /** Creates (as the admin) a user with one key over HTTP and returns the key. */
  static String user(PyropeNode node, String adminKey, String tenant, String user, String role) {
    if (call(node, "GET", "/v1/tenants/" + tenant, null, adminKey).statusCode() == 404) {
      json(call(node, "POST", "/v1/tenants", "{\"name\":\"" + tenant + "\"}", adminKey), 201);
    }
    json(call(node, "POST", "/v1/tenants/" + tenant + "/users", "{\"name\":\"" + user + "\",\"role\":\"" + role
        + "\"}", adminKey), 201);
    return json(call(node, "POST", "/v1/tenants/" + tenant + "/users/" + user + "/keys", null, adminKey), 201)
        .getString("key");
  }
}
