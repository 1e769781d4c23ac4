package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** {@code VEC.DEL tenant index id [id …]}: deletes records; replies with how many existed. */
public final class VecDelCommand extends VecCommand {
  public VecDelCommand() {
    super("VEC.DEL", -4, true);
  }

  /** Sent with {@link VecBus#orderedWrite}, which keeps the connection's order. */
  @Override
  public boolean concurrentWrite() {
    return true;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    List<String> ids = new ArrayList<>(cmd.argCount() - 3);
    for (int i = 3; i < cmd.argCount(); i++) {
      ids.add(cmd.argString(i));
    }
    WriteRequest req = new WriteRequest(cmd.argString(1), cmd.argString(2), WriteRequest.Kind.DELETE, List.of(), ids);
    return VecBus.<WriteReply>orderedWrite(ctx, Addresses.VEC_WRITE, req).map(r -> RespValue.integer(r.applied()));
  }

  @Override
  public String summary() {
    return "Deletes records: VEC.DEL tenant index id [id ...]";
  }
}
