package io.pyrope.resp.command;

import io.pyrope.resp.ClientSession;
import io.pyrope.security.Principal;
import io.vertx.core.Vertx;

/** What a command may see and do besides its arguments: its session, the node, and its connection. */
public interface CommandContext {
  ClientSession session();

  Vertx vertx();

  /** Node-wide facts and services: version, stats, auth, the command table. */
  ServerInfo server();

  /** Close the connection once this command's reply has been written (QUIT). */
  void closeAfterReply();

  /** Put the connection back to its initial state (RESET): RESP2, no name, unauthenticated if auth is on. */
  void reset();

  /**
   * Binds the connection to {@code principal} and lifts the unauthenticated protocol limits; null
   * unbinds it (a revoked key) and puts the limits back.
   */
  void authenticate(Principal principal);
}
