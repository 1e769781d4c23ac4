package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.command.CommandHandler;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** {@code VEC.DEL tenant index id [id …]}: deletes records; replies with how many existed. */
public final class VecDelCommand implements CommandHandler {
  @Override
  public String name() {
    return "VEC.DEL";
  }

  @Override
  public int arity() {
    return -4;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    List<String> ids = new ArrayList<>(cmd.argCount() - 3);
    for (int i = 3; i < cmd.argCount(); i++) {
      ids.add(cmd.argString(i));
    }
    WriteRequest req = new WriteRequest(cmd.argString(1), cmd.argString(2), WriteRequest.Kind.DELETE, List.of(), ids);
    return VecBus.<WriteReply>write(ctx, Addresses.VEC_WRITE, req).map(r -> RespValue.integer(r.applied()));
  }

  @Override
  public boolean mutates() {
    return true;
  }

  @Override
  public List<String> flags() {
    return List.of("write");
  }

  @Override
  public String group() {
    return "vector";
  }

  @Override
  public String summary() {
    return "Deletes records: VEC.DEL tenant index id [id ...]";
  }
}
