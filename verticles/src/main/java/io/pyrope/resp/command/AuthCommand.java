package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * {@code AUTH [username] key}: binds the connection to the key's principal — the node admin for
 * the admin key, a tenant's user (with its role) for that user's API key. A wrong key gets
 * {@code VEC_ERR_AUTH}, is audited, and slows down further attempts from the same address.
 */
public final class AuthCommand implements CommandHandler {
  /** Redis's reply when AUTH is used but no password is configured. */
  static final String NO_AUTH_CONFIGURED = Authenticator.NO_AUTH_CONFIGURED;
  static final String BAD_CREDENTIALS = Authenticator.BAD_CREDENTIALS;

  @Override
  public String name() {
    return "AUTH";
  }

  @Override
  public int arity() {
    return -2;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    if (cmd.argCount() > 3) {
      return Future.succeededFuture(RespValue.error("ERR syntax error"));
    }
    boolean withUser = cmd.argCount() == 3;
    return ctx.server().auth().authenticate(ctx, withUser ? cmd.argString(1) : null, cmd.arg(withUser ? 2 : 1));
  }

  @Override
  public boolean allowedUnauthenticated() {
    return true;
  }

  @Override
  public java.util.List<String> flags() {
    return java.util.List.of("noscript", "loading", "stale", "fast", "no_auth");
  }

  @Override
  public String summary() {
    return "Authenticates the connection.";
  }
}
