package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.SnapshotReply;
import io.pyrope.bus.vec.SnapshotRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * {@code VEC.SNAPSHOT tenant index}: writes a snapshot of the index now (including every write
 * this connection sent before) and replies with its description ({@code id}, {@code records},
 * {@code wal_offset}, …).
 */
public final class VecSnapshotCommand extends VecCommand {
  public VecSnapshotCommand() {
    super("VEC.SNAPSHOT", 3, true); // "write": ordered after this connection's earlier writes
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    return VecBus.<SnapshotReply>write(ctx, Addresses.VEC_SNAPSHOT, SnapshotRequest.take(cmd.argString(1),
        cmd.argString(2))).map(r -> VecReplies.map(r.fields()));
  }

  @Override
  public String summary() {
    return "Writes a snapshot of an index now: VEC.SNAPSHOT tenant index";
  }
}
