package io.pyrope.resp.command;

import io.pyrope.resp.ClientSession;
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

  /** Mark the connection authenticated as {@code user}; lifts the unauthenticated protocol limits. */
  void authenticate(String user);
}
