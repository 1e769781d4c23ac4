package io.pyrope.resp.command.vec;

import io.pyrope.cache.CacheHint;
import io.pyrope.resp.protocol.RespCommand;
import java.util.Locale;

/**
 * The parsed arguments of VEC.SEARCH:
 * {@code tenant index TOPK k VECTOR v|VALUES n x… [FILTER expr] [WITHMETA] [PARAMS nprobe=N ef=N]
 * [CACHE_HINT default|force|bypass] [REQUEST_ID id] [TRACE]}. The vector is kept as sent and
 * parsed only when needed (an exact cache hit never parses it).
 */
final class SearchArgs {
  /** Largest TOPK the parser accepts; the engine enforces its own limit with VEC_ERR_LIMIT. */
  static final int MAX_TOPK_ARG = 1 << 20;
  /** Largest nprobe/ef the parser accepts before the engine's own limits. */
  static final int MAX_PARAM_ARG = 1 << 24;
  /** Longest REQUEST_ID accepted, in bytes (it is echoed and logged). */
  static final int MAX_REQUEST_ID = 128;

  String tenant;
  String index;
  int topK;
  VecArgs.VectorArg vector;
  String filter;            // text as sent, or null
  boolean withMeta;
  int nprobe;               // 0: index default
  int ef;                   // 0: index default
  CacheHint hint = CacheHint.DEFAULT;
  String requestId;         // or null
  boolean trace;

  static SearchArgs parse(RespCommand cmd) {
    VecArgs a = new VecArgs(cmd, 1);
    SearchArgs s = new SearchArgs();
    s.tenant = a.next("tenant");
    s.index = a.next("index");
    Integer topK = null;
    while (a.hasNext()) {
      if (a.peekIs("VECTOR") || a.peekIs("VALUES")) {
        s.vector = a.rawVector();
        continue;
      }
      if (a.peekIs("TOPK")) { // every search has it: matched in place, without building the keyword
        a.expect("TOPK");
        topK = a.nextInt("TOPK", 1, MAX_TOPK_ARG);
        continue;
      }
      String kw = a.keyword();
      switch (kw) {
        case "TOPK" -> topK = a.nextInt("TOPK", 1, MAX_TOPK_ARG);
        case "FILTER" -> s.filter = a.next("FILTER expression");
        case "WITHMETA" -> s.withMeta = true;
        case "TRACE" -> s.trace = true;
        case "CACHE_HINT" -> {
          String h = a.next("CACHE_HINT value");
          s.hint = CacheHint.of(h);
          if (s.hint == null) {
            throw VecArgs.syntax("CACHE_HINT must be default, force or bypass, got '" + VecArgs.printable(h) + "'");
          }
        }
        case "REQUEST_ID" -> {
          String id = a.next("REQUEST_ID value");
          if (id.isEmpty() || id.length() > MAX_REQUEST_ID) {
            throw VecArgs.syntax("REQUEST_ID must be 1 to " + MAX_REQUEST_ID + " characters, got " + id.length());
          }
          s.requestId = id;
        }
        case "PARAMS" -> {
          do {
            String p = a.next("parameter after PARAMS");
            int eq = p.indexOf('=');
            String key = eq > 0 ? p.substring(0, eq).toLowerCase(Locale.ROOT) : "";
            String v = eq > 0 ? p.substring(eq + 1) : "";
            switch (key) {
              case "nprobe" -> s.nprobe = VecArgs.parseParam("nprobe", v, MAX_PARAM_ARG);
              case "ef", "ef_search", "efsearch" -> s.ef = VecArgs.parseParam("ef", v, MAX_PARAM_ARG);
              default -> throw VecArgs.syntax("unknown search parameter '" + VecArgs.printable(p)
                  + "', expected nprobe=N or ef=N");
            }
          } while (a.peekIsParam());
        }
        default -> throw VecArgs.syntax("unknown VEC.SEARCH option '" + VecArgs.printable(kw)
            + "', expected TOPK, VECTOR, VALUES, FILTER, WITHMETA, PARAMS, CACHE_HINT, REQUEST_ID or TRACE");
      }
    }
    if (topK == null) {
      throw VecArgs.syntax("VEC.SEARCH needs TOPK k");
    }
    if (s.vector == null) {
      throw VecArgs.syntax("VEC.SEARCH needs VECTOR v or VALUES n x...");
    }
    s.topK = topK;
    return s;
  }
}
