package io.pyrope.admin;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * A group of HTTP admin routes that one part of the node contributes (indexes, cache, snapshots,
 * …). The admin verticle mounts every group on its router, so features add routes without
 * editing the verticle. Handlers must not block the event loop.
 */
public interface AdminRoutes {
  void mount(Vertx vertx, Router router);
}
