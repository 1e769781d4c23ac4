package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/** {@code PING [message]}: PONG, or the message back as a bulk string. */
public final class PingCommand implements CommandHandler {
  private static final Future<RespValue> PONG = Future.succeededFuture(RespValue.simple("PONG"));

  @Override
  public String name() {
    return "PING";
  }

  @Override
  public int arity() {
    return -1;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    return switch (cmd.argCount()) {
      case 1 -> PONG;
      case 2 -> Future.succeededFuture(RespValue.bulk(cmd.arg(1)));
      default -> Future.succeededFuture(CommandRegistry.wrongArity(name()));
    };
  }

  @Override
  public boolean allowedUnauthenticated() {
    return true;
  }

  @Override
  public String summary() {
    return "Returns the server's liveliness response.";
  }
}
