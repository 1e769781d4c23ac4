package io.pyrope.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI document of the admin API, served at {@code /v1/openapi.json}. It is a hand-kept
 * resource ({@code openapi.json}); a test checks that every mounted route is documented and
 * every documented route answers, so the two cannot drift apart.
 */
public final class OpenApi {
  private static final String RESOURCE = "/openapi.json";
  private static volatile String document;

  private OpenApi() {}

  public static String document() {
    String d = document;
    if (d == null) {
      try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        d = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      document = d;
    }
    return d;
  }
}
