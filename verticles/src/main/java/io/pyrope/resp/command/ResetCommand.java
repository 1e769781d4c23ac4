package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/** {@code RESET}: back to RESP2, no name, and unauthenticated when auth is on; replies RESET. */
public final class ResetCommand implements CommandHandler {
  @Override
  public String name() {
    return "RESET";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    ctx.reset();
    return Future.succeededFuture(RespValue.simple("RESET"));
  }

  @Override
  public boolean allowedUnauthenticated() {
    return true;
  }

  @Override
  public String summary() {
    return "Resets the connection.";
  }
}
