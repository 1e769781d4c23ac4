package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * {@code SELECT index}: Pyrope has one keyspace, database 0, which clients select by habit.
 * Namespaces are tenants and indexes, not numbered databases.
 */
public final class SelectCommand implements CommandHandler {
  @Override
  public String name() {
    return "SELECT";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    String db = cmd.argString(1);
    if (!db.matches("-?[0-9]+")) {
      return Future.succeededFuture(RespValue.error("ERR value is not an integer or out of range"));
    }
    if (!db.equals("0")) {
      return Future.succeededFuture(RespValue.error(
          "ERR DB index is out of range (Pyrope has only database 0: use tenants and indexes as namespaces)"));
    }
    return Future.succeededFuture(RespValue.OK);
  }

  @Override
  public String summary() {
    return "Selects database 0, the only one.";
  }
}
