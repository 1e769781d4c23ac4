package io.pyrope.resp.command;

import io.pyrope.resp.NodeStats;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code INFO [section …]}: server, clients, memory, cpu and stats in Redis's {@code key:value} text,
 * plus sections other parts of the node contribute (kafka, …). {@code all}/{@code everything}
 * and no argument give every section. RESP3 clients get a verbatim string, as from Redis.
 */
public final class InfoCommand implements CommandHandler {
  private static final List<String> BUILT_IN = List.of("server", "clients", "memory", "cpu", "stats");

  @Override
  public String name() {
    return "INFO";
  }

  @Override
  public int arity() {
    return -1;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    Map<String, Map<String, Object>> extra = ctx.server().extraInfo().get();
    Set<String> wanted = new LinkedHashSet<>();
    for (int i = 1; i < cmd.argCount(); i++) {
      String s = cmd.argString(i).toLowerCase(Locale.ROOT);
      if (s.equals("all") || s.equals("everything") || s.equals("default")) {
        wanted.addAll(BUILT_IN);
        wanted.addAll(extra.keySet());
      } else {
        wanted.add(s);
      }
    }
    if (wanted.isEmpty()) {
      wanted.addAll(BUILT_IN);
      wanted.addAll(extra.keySet());
    }
    StringBuilder sb = new StringBuilder();
    for (String section : wanted) {
      Map<String, Object> fields = switch (section) {
        case "server" -> server(ctx.server());
        case "clients" -> clients(ctx.server());
        case "memory" -> memory();
        case "cpu" -> ProcessCpu.info();
        case "stats" -> stats(ctx.server().stats());
        default -> extra.get(section);
      };
      if (fields == null) {
        continue; // Redis ignores unknown sections
      }
      if (sb.length() > 0) {
        sb.append("\r\n");
      }
      sb.append("# ").append(title(section)).append("\r\n");
      fields.forEach((k, v) -> sb.append(k).append(':').append(v).append("\r\n"));
    }
    return Future.succeededFuture(RespValue.verbatim(sb.toString()));
  }

  /** A section's heading as Redis writes it: "Server", "Clients", …, but "CPU". */
  private static String title(String section) {
    return section.equals("cpu") ? "CPU" : Character.toUpperCase(section.charAt(0)) + section.substring(1);
  }

  private static Map<String, Object> server(ServerInfo s) {
    Map<String, Object> m = new LinkedHashMap<>();
    long uptime = (System.currentTimeMillis() - s.stats().startMillis) / 1000;
    m.put("redis_version", s.redisCompatVersion());
    m.put("pyrope_version", s.version());
    m.put("redis_mode", "standalone");
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
    m.put("java_version", System.getProperty("java.version"));
    m.put("process_id", ProcessHandle.current().pid());
    m.put("tcp_port", s.respPort());
    m.put("http_port", s.httpPort());
    m.put("uptime_in_seconds", uptime);
    m.put("uptime_in_days", uptime / 86_400);
    return m;
  }

  private static Map<String, Object> clients(ServerInfo s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connected_clients", s.stats().connectedClients());
    m.put("maxclients", s.maxClients());
    m.put("blocked_clients", 0);
    return m;
  }

  private static Map<String, Object> memory() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("used_memory", used);
    m.put("used_memory_human", human(used));
    m.put("jvm_heap_committed", rt.totalMemory());
    m.put("jvm_heap_max", rt.maxMemory());
    m.put("jvm_heap_max_human", human(rt.maxMemory()));
    m.put("jvm_nonheap_used", ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed());
    return m;
  }

  private static Map<String, Object> stats(NodeStats st) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total_connections_received", st.connectionsReceived.sum());
    m.put("total_commands_processed", st.commandsProcessed.sum());
    m.put("rejected_connections", st.connectionsRejected.sum());
    m.put("total_net_input_bytes", st.netInputBytes.sum());
    m.put("total_net_output_bytes", st.netOutputBytes.sum());
    m.put("total_error_replies_protocol", st.protocolErrors.sum());
    return m;
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    String units = "KMGTPE";
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length() - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f%c", v, units.charAt(u));
  }

  @Override
  public List<String> flags() {
    return List.of("loading", "stale");
  }

  @Override
  public String group() {
    return "server";
  }

  @Override
  public String summary() {
    return "Returns information and statistics about the server.";
  }
}
