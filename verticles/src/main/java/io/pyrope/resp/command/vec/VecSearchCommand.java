package io.pyrope.resp.command.vec;

import io.pyrope.bus.Addresses;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.bus.vec.SearchRequest;
import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * {@code VEC.SEARCH tenant index TOPK k VECTOR v|VALUES n x… [FILTER expr] [WITHMETA]
 * [PARAMS nprobe=… ef=…]}: the k nearest records, best first, as {@code [id, score]} pairs
 * ({@code [id, score, meta]} with WITHMETA). Scores are squared L2 distances (smaller is closer) or
 * inner-product / cosine similarities (larger is closer).
 */
public final class VecSearchCommand extends VecCommand {
  /** Largest TOPK the parser accepts; the engine enforces its own limit with VEC_ERR_LIMIT. */
  private static final int MAX_TOPK_ARG = 1 << 20;
  /** Largest nprobe/ef the parser accepts before the engine's own limits. */
  private static final int MAX_PARAM_ARG = 1 << 24;

  public VecSearchCommand() {
    super("VEC.SEARCH", -7, false);
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    VecArgs a = new VecArgs(cmd, 1);
    String tenant = a.next("tenant");
    String index = a.next("index");
    Integer topK = null;
    float[] vector = null;
    String filter = null;
    boolean withMeta = false;
    int nprobe = 0;
    int ef = 0;
    while (a.hasNext()) {
      if (a.peekIs("VECTOR") || a.peekIs("VALUES")) {
        vector = a.vector();
        continue;
      }
      String kw = a.keyword();
      switch (kw) {
        case "TOPK" -> topK = a.nextInt("TOPK", 1, MAX_TOPK_ARG);
        case "FILTER" -> filter = a.next("FILTER expression");
        case "WITHMETA" -> withMeta = true;
        case "PARAMS" -> {
          do {
            String p = a.next("parameter after PARAMS");
            int eq = p.indexOf('=');
            String key = eq > 0 ? p.substring(0, eq).toLowerCase(java.util.Locale.ROOT) : "";
            String v = eq > 0 ? p.substring(eq + 1) : "";
            switch (key) {
              case "nprobe" -> nprobe = VecArgs.parseParam("nprobe", v, MAX_PARAM_ARG);
              case "ef", "ef_search", "efsearch" -> ef = VecArgs.parseParam("ef", v, MAX_PARAM_ARG);
              default -> throw VecArgs.syntax("unknown search parameter '" + VecArgs.printable(p)
                  + "', expected nprobe=N or ef=N");
            }
          } while (a.peekIsParam());
        }
        default -> throw VecArgs.syntax("unknown VEC.SEARCH option '" + VecArgs.printable(kw)
            + "', expected TOPK, VECTOR, VALUES, FILTER, WITHMETA or PARAMS");
      }
    }
    if (topK == null) {
      throw VecArgs.syntax("VEC.SEARCH needs TOPK k");
    }
    if (vector == null) {
      throw VecArgs.syntax("VEC.SEARCH needs VECTOR v or VALUES n x...");
    }
    boolean meta = withMeta;
    SearchRequest req = new SearchRequest(tenant, index, vector, topK, filter, withMeta, nprobe, ef);
    return VecBus.<SearchReply>read(ctx, Addresses.VEC_SEARCH, req).map(r -> VecReplies.hits(r, meta));
  }

  @Override
  public String summary() {
    return "Finds the nearest records: VEC.SEARCH tenant index TOPK k VECTOR v [FILTER expr] [WITHMETA] "
        + "[PARAMS nprobe=N ef=N]";
  }
}
