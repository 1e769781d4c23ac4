package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/** {@code ECHO message}: the message back as a bulk string. */
public final class EchoCommand implements CommandHandler {
  @Override
  public String name() {
    return "ECHO";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    return Future.succeededFuture(RespValue.bulk(cmd.arg(1)));
  }

  @Override
  public String summary() {
    return "Returns the given string.";
  }
}
