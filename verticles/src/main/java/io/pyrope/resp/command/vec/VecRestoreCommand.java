package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.SnapshotReply;
import io.pyrope.bus.vec.SnapshotRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * {@code VEC.RESTORE tenant index TIMESTAMP ms | SNAPSHOT id}: makes the index what it was at
 * that time (epoch millis; WAL required) or what the named snapshot holds, and replies with its
 * stats. The restore is logged, so it survives restarts.
 */
public final class VecRestoreCommand extends VecCommand {
  /** Latest timestamp accepted (year 9999), so a typo is not taken for a time far in the future. */
  private static final long MAX_TIMESTAMP_MS = 253_402_300_799_000L;

  public VecRestoreCommand() {
    super("VEC.RESTORE", 5, true);
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    VecArgs a = new VecArgs(cmd, 1);
    String tenant = a.next("tenant");
    String index = a.next("index");
    String kw = a.keyword();
    SnapshotRequest req = switch (kw) {
      case "TIMESTAMP" -> SnapshotRequest.restore(tenant, index, millis(a.next("TIMESTAMP ms")));
      case "SNAPSHOT" -> SnapshotRequest.load(tenant, index, a.next("SNAPSHOT id"));
      default -> throw VecArgs.syntax("VEC.RESTORE takes TIMESTAMP ms or SNAPSHOT id, got '" + VecArgs.printable(kw)
          + "'");
    };
    return VecBus.<SnapshotReply>write(ctx, Addresses.VEC_SNAPSHOT, req).map(r -> VecReplies.map(r.fields()));
  }

  private static long millis(String s) {
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw VecArgs.syntax("TIMESTAMP must be epoch milliseconds, got '" + VecArgs.printable(s) + "'");
    }
    if (v < 0 || v > MAX_TIMESTAMP_MS) {
      throw VecArgs.syntax("TIMESTAMP must be from 0 to " + MAX_TIMESTAMP_MS + ", got " + v);
    }
    return v;
  }

  @Override
  public String summary() {
    return "Restores an index to a point in time or a snapshot: VEC.RESTORE tenant index TIMESTAMP ms|SNAPSHOT id";
  }
}
