package io.pyrope.admin;

import io.vertx.ext.web.Router;

/**
 * What stands in front of every admin route: authentication before the request body is read
 * (a client without a valid key never gets to upload one), authorization and auditing after it
 * (some routes name their tenant in the body). The security work provides the real gate;
 * {@link #OPEN} lets everything through.
 */
public interface AdminGate {
  /** Mounts the handlers that run before the body is read. */
  void beforeBody(Router router);

  /** Mounts the handlers that run after the body is read and before any route. */
  void afterBody(Router router);

  /** No checks at all. */
  AdminGate OPEN = new AdminGate() {
    @Override
    public void beforeBody(Router router) {}

    @Override
    public void afterBody(Router router) {}
  };
}
