package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.GetRequest;
import io.pyrope.bus.vec.RecordView;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.command.CommandHandler;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.List;

/** {@code VEC.GET tenant index id}: the record as a map (id, vector, meta, tags, numeric, version, times). */
public final class VecGetCommand implements CommandHandler {
  @Override
  public String name() {
    return "VEC.GET";
  }

  @Override
  public int arity() {
    return 4;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    GetRequest req = new GetRequest(cmd.argString(1), cmd.argString(2), cmd.argString(3));
    return VecBus.<RecordView>read(ctx, Addresses.VEC_ADMIN, req).map(VecReplies::record);
  }

  @Override
  public List<String> flags() {
    return List.of("readonly", "fast");
  }

  @Override
  public String group() {
    return "vector";
  }

  @Override
  public String summary() {
    return "Returns one record: VEC.GET tenant index id";
  }
}
