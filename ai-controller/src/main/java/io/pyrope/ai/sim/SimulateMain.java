package io.pyrope.ai.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./pyrope simulate}: replays a trace against cache policies at several cache sizes and
 * prints a table (or, with --json, the {@value SimReport#SCHEMA} report), optionally a PNG plot.
 *
 * <pre>
 * simulate --trace FILE [--policy lru,lfu,s3fifo,ttl,live,heuristic,belady,belady-cost|all] --cache-bytes 1m,4m,16m
 *          [--ttl-ms N] [--policy-table FILE.json] [--cadence-ms N] [--json] [--plot out.png] [--warmup N]
 * </pre>
 *
 * Exit status: 0 done, 1 the trace or the table is invalid (or unreadable), 2 bad flags.
 */
public final class SimulateMain {
  /** Most cache sizes in one sweep. */
  public static final int MAX_SIZES = 32;

  static final String USAGE = """
      usage: ./pyrope simulate --trace FILE --cache-bytes SIZE[,SIZE...] [options]
        --trace FILE            pyrope.trace/v1 JSON Lines file (docs/simulator.md)
        --cache-bytes LIST      cache sizes, comma-separated, with k/m/g suffixes (e.g. 1m,4m,16m)
        --policy LIST|all       lru, lfu, s3fifo, ttl, live, heuristic, belady, belady-cost (default all)
        --ttl-ms N              TTL of the ttl policy, ms > 0 (default 300000)
        --policy-table FILE     the live policy's table, JSON as PUT /v1/cache/policies (default: node defaults)
        --cadence-ms N          trace time between the heuristic's tables, ms >= 100 (default 30000, the
                                ai-controller's --publish-ms)
        --warmup N              do not count the first N searches (they still fill the cache; default 0)
        --json                  print the pyrope.sim-report/v1 JSON report instead of the table
        --plot FILE.png         also draw hit ratio against cache size
      """;

  private SimulateMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o.help) {
      out.print(USAGE);
      return 0;
    }
    try {
      LiveTable table = LiveTable.defaults();
      if (o.policyTable != null) {
        table = readTable(o.policyTable);
      }
      Progress progress = new Progress(err);
      Trace trace = Trace.load(o.trace, progress);
      JsonObject settings = new JsonObject().put("ttl_ms", o.ttlMs)
          .put("policy_table", o.policyTable == null ? null : o.policyTable.toString())
          .put("policy_table_version", table.version()).put("heuristic_cadence_ms", o.heuristic.cadenceMs())
          .put("heuristic_window_ms", o.heuristic.windowMs());
      SimReport report = Simulator.sweep(trace, o.policies, o.sizes, o.ttlMs, table, o.heuristic, o.warmup, settings,
          progress);
      if (o.plot != null) {
        HitRatioPlot.write(report, o.plot);
      }
      out.print(o.json ? report.toJson().encodePrettily() + "\n" : report.toTable());
      if (o.plot != null && !o.json) {
        out.println("plot written to " + o.plot);
      }
      return 0;
    } catch (TraceFormatException e) {
      err.println("simulate: invalid trace: " + e.getMessage());
      return 1;
    } catch (IOException | java.io.UncheckedIOException e) {
      err.println("simulate: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      return 1;
    }
  }

  private static LiveTable readTable(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--policy-table: no such file " + file);
    }
    try {
      return LiveTable.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("--policy-table " + file + ": malformed JSON: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--policy-table " + file + ": " + e.getMessage());
    }
  }

  /** The parsed flags. */
  static final class Options {
    Path trace;
    List<String> policies = Policies.ALL;
    List<Long> sizes;
    long ttlMs = TtlPolicy.DEFAULT_TTL_MS;
    Path policyTable;
    HeuristicSettings heuristic = HeuristicSettings.DEFAULTS;
    boolean json;
    Path plot;
    long warmup;
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String value = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          value = a.substring(eq + 1);
          a = a.substring(0, eq);
        }
        switch (a) {
          case "--help", "-h", "help" -> o.help = true;
          case "--json" -> o.json = true;
          case "--trace" -> o.trace = Path.of(nonEmpty(a, value != null ? value : next(args, ++i, a)));
          case "--policy" -> o.policies = policies(value != null ? value : next(args, ++i, a));
          case "--cache-bytes" -> o.sizes = sizes(value != null ? value : next(args, ++i, a));
          case "--ttl-ms" -> o.ttlMs = number(a, value != null ? value : next(args, ++i, a), 1);
          case "--policy-table" -> o.policyTable = Path.of(nonEmpty(a, value != null ? value : next(args, ++i, a)));
          case "--cadence-ms" -> o.heuristic = o.heuristic.withCadence(number(a, value != null ? value
              : next(args, ++i, a), HeuristicSettings.MIN_CADENCE_MS));
          case "--plot" -> o.plot = Path.of(nonEmpty(a, value != null ? value : next(args, ++i, a)));
          case "--warmup" -> o.warmup = number(a, value != null ? value : next(args, ++i, a), 0);
          default -> throw new IllegalArgumentException("unknown flag '" + a + "'; accepted: --trace, --cache-bytes,"
              + " --policy, --ttl-ms, --policy-table, --cadence-ms, --warmup, --json, --plot, --help");
        }
      }
      if (o.help) {
        return o;
      }
      if (o.trace == null) {
        throw new IllegalArgumentException("--trace FILE is required");
      }
      if (o.sizes == null) {
        throw new IllegalArgumentException("--cache-bytes is required (e.g. --cache-bytes 1m,4m,16m)");
      }
      if (o.plot != null && !o.plot.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
        throw new IllegalArgumentException("--plot must name a .png file, got " + o.plot);
      }
      return o;
    }

    private static String next(String[] args, int i, String flag) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }

    private static String nonEmpty(String flag, String v) {
      if (v.isBlank()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return v;
    }

    private static long number(String flag, String v, long min) {
      try {
        long n = Long.parseLong(v.trim());
        if (n >= min) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException(flag + " must be an integer >= " + min + ", got '" + v + "'");
    }

    private static List<String> policies(String v) {
      Set<String> out = new LinkedHashSet<>();
      for (String p : v.split(",")) {
        String name = p.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("all")) {
          out.addAll(Policies.ALL);
        } else if (Policies.ALL.contains(name)) {
          out.add(name);
        } else {
          throw new IllegalArgumentException("--policy: unknown policy '" + p.trim() + "'; accepted: "
              + String.join(", ", Policies.ALL) + " or all");
        }
      }
      return List.copyOf(out);
    }

    private static List<Long> sizes(String v) {
      Set<Long> out = new LinkedHashSet<>();
      for (String s : v.split(",")) {
        try {
          out.add(Sizes.parse(s));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--cache-bytes: " + e.getMessage());
        }
      }
      if (out.size() > MAX_SIZES) {
        throw new IllegalArgumentException("--cache-bytes: at most " + MAX_SIZES + " sizes, got " + out.size());
      }
      List<Long> sorted = new ArrayList<>(out);
      sorted.sort(null);
      return sorted;
    }
  }
}
