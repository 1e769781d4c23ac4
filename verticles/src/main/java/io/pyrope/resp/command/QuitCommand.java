package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/** {@code QUIT}: replies OK, then closes the connection once the reply is written. */
public final class QuitCommand implements CommandHandler {
  @Override
  public String name() {
    return "QUIT";
  }

  @Override
  public int arity() {
    return -1;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    ctx.closeAfterReply();
    return Future.succeededFuture(RespValue.OK);
  }

  @Override
  public boolean allowedUnauthenticated() {
    return true;
  }

  @Override
  public String summary() {
    return "Closes the connection.";
  }
}
