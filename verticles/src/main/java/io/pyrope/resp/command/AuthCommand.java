package io.pyrope.resp.command;

import io.pyrope.bus.ErrorCode;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/** {@code AUTH [username] key}: binds the connection to a user when the key is right. */
public final class AuthCommand implements CommandHandler {
  /** Redis's reply when AUTH is used but no password is configured. */
  static final String NO_AUTH_CONFIGURED = "ERR AUTH <password> called without any password configured for the "
      + "default user. Are you sure your configuration is correct?";
  static final String BAD_CREDENTIALS = ErrorCode.VEC_ERR_AUTH.name()
      + " invalid username-key pair or user is disabled";

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
    return Future.succeededFuture(authenticate(ctx, withUser ? cmd.argString(1) : Authenticator.DEFAULT_USER,
        cmd.arg(withUser ? 2 : 1), withUser));
  }

  /** Shared with HELLO's AUTH option. Returns OK or the error to send. */
  static RespValue authenticate(CommandContext ctx, String user, byte[] key, boolean withUser) {
    Authenticator auth = ctx.server().auth();
    if (!auth.enabled()) {
      // Like Redis with a nopass default user: "AUTH default x" succeeds, one-argument AUTH is a mistake.
      if (withUser) {
        ctx.authenticate(user);
        return RespValue.OK;
      }
      return RespValue.error(NO_AUTH_CONFIGURED);
    }
    if (!auth.check(key)) {
      return RespValue.error(BAD_CREDENTIALS);
    }
    ctx.authenticate(user);
    return RespValue.OK;
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
