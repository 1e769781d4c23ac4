package io.pyrope.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One readiness check for {@code /v1/health}: a name and an asynchronous probe. The probe's
 * future succeeds with details when the dependency is up and fails with the reason when not; it
 * must complete in bounded time and must not block the event loop.
 */
public interface HealthCheck {
  String name();

  Future<JsonObject> probe();
}
