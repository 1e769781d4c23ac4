package io.pyrope.bench;

import io.pyrope.search.faiss.SearchParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Parsers for the values of the benchmark's options: index names, params, sweeps, metrics. */
public final class Specs {
  /** Tenant and index names, as the node accepts them (DESIGN §3). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  /** Largest nprobe/ef a sweep or --params may ask for (the node's own limits are lower or equal). */
  static final int MAX_SEARCH_PARAM = 1 << 16;

  private Specs() {}

  /** {@code tenant/index}. */
  public record IndexName(String tenant, String index) {
    @Override
    public String toString() {
      return tenant + "/" + index;
    }
  }

  /** One knob swept over values: {@code ef=16,32,64} or {@code nprobe=1,4,16}. */
  public record Sweep(String param, List<Integer> values) {
    /** The search params of step {@code i}, on top of {@code base}. */
    public SearchParams at(int i, SearchParams base) {
      int v = values.get(i);
      return param.equals("ef") ? base.withEfSearch(v) : base.withNprobe(v);
    }
  }

  public static IndexName indexName(String s) {
    int slash = s.indexOf('/');
    if (slash < 0 || !NAME.matcher(s.substring(0, slash)).matches() || !NAME.matcher(s.substring(slash + 1)).matches()) {
      throw new BenchException("--index must be tenant/index with names of [A-Za-z0-9_-], got '" + s + "'");
    }
    return new IndexName(s.substring(0, slash), s.substring(slash + 1));
  }

  /** {@code l2}, {@code ip} or {@code cosine}, lower-cased. */
  public static String metric(String s) {
    String m = s.toLowerCase(Locale.ROOT);
    if (!m.equals("l2") && !m.equals("ip") && !m.equals("cosine")) {
      throw new BenchException("--metric must be l2, ip or cosine, got '" + s + "'");
    }
    return m;
  }

  /**
   * {@code k=v,k=v} (or space separated) as an ordered map; keys lower-cased, values kept. Used
   * for VEC.CREATE PARAMS, which the node checks itself.
   */
  public static Map<String, String> keyValues(String what, String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : s.split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new BenchException(what + ": entries look like name=value, got '" + part + "'");
      }
      out.put(part.substring(0, eq).toLowerCase(Locale.ROOT), part.substring(eq + 1));
    }
    return out;
  }

  /** Search params from {@code nprobe=N,ef=N}; absent means the index's own. */
  public static SearchParams searchParams(String s) {
    SearchParams p = SearchParams.DEFAULTS;
    if (s == null) {
      return p;
    }
    for (Map.Entry<String, String> e : keyValues("--params", s).entrySet()) {
      String key = searchKey("--params", e.getKey());
      int v = Options.parseInt("--params " + key, e.getValue(), 1, MAX_SEARCH_PARAM);
      p = key.equals("ef") ? p.withEfSearch(v) : p.withNprobe(v);
    }
    return p;
  }

  /** {@code ef=16,32,64} or {@code nprobe=1,4,16}. */
  public static Sweep sweep(String s) {
    int eq = s.indexOf('=');
    if (eq <= 0) {
      throw new BenchException("--sweep looks like ef=16,32,64 or nprobe=1,4,16, got '" + s + "'");
    }
    String key = searchKey("--sweep", s.substring(0, eq).trim().toLowerCase(Locale.ROOT));
    List<Integer> values = new ArrayList<>();
    for (String v : s.substring(eq + 1).split(",")) {
      values.add(Options.parseInt("--sweep " + key, v, 1, MAX_SEARCH_PARAM));
    }
    return new Sweep(key, List.copyOf(values));
  }

  /** Canonical search-param name: {@code ef} (also ef_search, efsearch) or {@code nprobe}. */
  private static String searchKey(String what, String key) {
    return switch (key) {
      case "ef", "ef_search", "efsearch" -> "ef";
      case "nprobe" -> "nprobe";
      default -> throw new BenchException(what + ": unknown search parameter '" + key + "', expected ef or nprobe");
    };
  }

  /** {@code nprobe=4 ef=64} as the node's VEC.SEARCH PARAMS words; empty when both are defaults. */
  public static List<String> paramWords(SearchParams p) {
    List<String> out = new ArrayList<>(2);
    if (p.nprobe() > 0) {
      out.add("nprobe=" + p.nprobe());
    }
    if (p.efSearch() > 0) {
      out.add("ef=" + p.efSearch());
    }
    return out;
  }

  /** {@code ef=64}, {@code nprobe=4 ef=64} or {@code default}, for tables. */
  public static String describe(SearchParams p) {
    List<String> w = paramWords(p);
    return w.isEmpty() ? "default" : String.join(" ", w);
  }
}
