package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * The commands that name an index and nothing else:
 * {@code VEC.DROP tenant index} (OK), {@code VEC.STATS tenant index} (a map) and
 * {@code VEC.BUILD tenant index} (rebuilds the tail from head and tail now; replies with the
 * stats once the new tail serves searches).
 */
public final class VecIndexCommand extends VecCommand {
  private final IndexRef.Op op;

  private VecIndexCommand(String name, IndexRef.Op op) {
    super(name, 3, op != IndexRef.Op.STATS);
    this.op = op;
  }

  public static VecIndexCommand drop() {
    return new VecIndexCommand("VEC.DROP", IndexRef.Op.DROP);
  }

  public static VecIndexCommand stats() {
    return new VecIndexCommand("VEC.STATS", IndexRef.Op.STATS);
  }

  public static VecIndexCommand build() {
    return new VecIndexCommand("VEC.BUILD", IndexRef.Op.BUILD);
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    IndexRef ref = new IndexRef(cmd.argString(1), cmd.argString(2), op);
    if (op == IndexRef.Op.STATS) {
      return VecBus.<IndexStats>read(ctx, Addresses.VEC_ADMIN, ref).map(VecReplies::stats);
    }
    Future<IndexStats> f = op == IndexRef.Op.BUILD ? VecBus.build(ctx, Addresses.VEC_ADMIN, ref)
        : VecBus.write(ctx, Addresses.VEC_ADMIN, ref);
    return op == IndexRef.Op.DROP ? f.map(s -> RespValue.OK) : f.map(VecReplies::stats);
  }

  @Override
  public String summary() {
    return switch (op) {
      case DROP -> "Deletes an index and its records: VEC.DROP tenant index";
      case STATS -> "Returns an index's shape and state: VEC.STATS tenant index";
      case BUILD -> "Rebuilds an index's immutable tail now: VEC.BUILD tenant index";
    };
  }
}
