package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.command.CommandHandler;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code VEC.CREATE tenant index DIM d METRIC cosine|ip|l2 [FACTORY f] [PARAMS k=v …]}: creates an
 * index. PARAMS takes every remaining argument ({@code nprobe=16 ef=64 head_max=10000}).
 */
public final class VecCreateCommand implements CommandHandler {
  /** Largest DIM the parser accepts; the engine applies its own, smaller limit with a clear error. */
  private static final int MAX_DIM_ARG = 1 << 20;

  @Override
  public String name() {
    return "VEC.CREATE";
  }

  @Override
  public int arity() {
    return -7;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    VecArgs a = new VecArgs(cmd, 1);
    String tenant = a.next("tenant");
    String index = a.next("index");
    Integer dim = null;
    String metric = null;
    String factory = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (a.hasNext()) {
      String kw = a.keyword();
      switch (kw) {
        case "DIM" -> dim = a.nextInt("DIM", 1, MAX_DIM_ARG);
        case "METRIC" -> metric = a.next("METRIC value");
        case "FACTORY" -> factory = a.next("FACTORY string");
        case "PARAMS" -> {
          while (a.hasNext()) {
            String p = a.next("parameter");
            int eq = p.indexOf('=');
            if (eq <= 0) {
              throw VecArgs.syntax("PARAMS entries look like name=value, got '" + VecArgs.printable(p) + "'");
            }
            params.put(p.substring(0, eq), p.substring(eq + 1));
          }
        }
        default -> throw VecArgs.syntax("unknown VEC.CREATE option '" + VecArgs.printable(kw)
            + "', expected DIM, METRIC, FACTORY or PARAMS");
      }
    }
    if (dim == null) {
      throw VecArgs.syntax("VEC.CREATE needs DIM");
    }
    if (metric == null) {
      throw VecArgs.syntax("VEC.CREATE needs METRIC cosine|ip|l2");
    }
    return VecBus.write(ctx, Addresses.VEC_ADMIN, new CreateIndexRequest(tenant, index, dim, metric, factory, params))
        .map(stats -> RespValue.OK);
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
    return "Creates a vector index: VEC.CREATE tenant index DIM d METRIC cosine|ip|l2 [FACTORY f] [PARAMS k=v ...]";
  }
}
