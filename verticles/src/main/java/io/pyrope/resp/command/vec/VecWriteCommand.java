package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code VEC.ADD|VEC.UPSERT tenant index id VECTOR v [META json] [TAGS t,…] [NUMERIC f=x,…]
 * [id VECTOR v … …]}: one record, or many in one command for fast loading. ADD fails with
 * VEC_ERR_EXISTS when an id exists; UPSERT replaces. Replies with the number of records written.
 *
 * <p>A record starts wherever an argument is followed by {@code VECTOR} or {@code VALUES}, so
 * an id may itself be spelled like an option keyword.
 */
public final class VecWriteCommand extends VecCommand {
  private final WriteRequest.Kind kind;

  private VecWriteCommand(String name, WriteRequest.Kind kind) {
    super(name, -6, true);
    this.kind = kind;
  }

  public static VecWriteCommand add() {
    return new VecWriteCommand("VEC.ADD", WriteRequest.Kind.ADD);
  }

  public static VecWriteCommand upsert() {
    return new VecWriteCommand("VEC.UPSERT", WriteRequest.Kind.UPSERT);
  }

  /** Sent with {@link VecBus#orderedWrite}, which keeps the connection's order. */
  @Override
  public boolean concurrentWrite() {
    return true;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    VecArgs a = new VecArgs(cmd, 1);
    String tenant = a.next("tenant");
    String index = a.next("index");
    List<RecordInput> records = new ArrayList<>();
    while (a.hasNext()) {
      records.add(record(a));
    }
    WriteRequest req = new WriteRequest(tenant, index, kind, records, List.of());
    return VecBus.<WriteReply>orderedWrite(ctx, Addresses.VEC_WRITE, req)
        .map(r -> RespValue.integer(r.applied()));
  }

  private static RecordInput record(VecArgs a) {
    String id = a.next("id");
    if (!a.peekIs("VECTOR") && !a.peekIs("VALUES")) {
      throw VecArgs.syntax("record '" + VecArgs.printable(id) + "' needs VECTOR v or VALUES n x...");
    }
    float[] vector = a.vector();
    String meta = null;
    List<String> tags = List.of();
    Map<String, Double> numeric = Map.of();
    while (a.hasNext() && !a.peekSecondIs("VECTOR") && !a.peekSecondIs("VALUES")) {
      String kw = a.keyword();
      switch (kw) {
        case "META" -> meta = a.next("META json");
        case "TAGS" -> tags = a.commaList("TAGS list");
        case "NUMERIC" -> numeric = a.numericFields("NUMERIC list");
        default -> throw VecArgs.syntax("unknown option '" + VecArgs.printable(kw) + "' for record '"
            + VecArgs.printable(id) + "', expected META, TAGS, NUMERIC or the next record's id VECTOR v");
      }
    }
    return new RecordInput(id, vector, meta, tags, numeric);
  }

  @Override
  public String summary() {
    return name() + " tenant index id VECTOR v [META json] [TAGS t,...] [NUMERIC f=x,...] [id VECTOR v ...]: "
        + (kind == WriteRequest.Kind.ADD ? "adds records (fails if an id exists)" : "adds or replaces records");
  }
}
