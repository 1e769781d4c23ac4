package io.pyrope.resp.command;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The case-insensitive command table and the one place where every command is checked before it
 * runs: known name, authentication, arity, then permission (the connection's principal against
 * {@code io.pyrope.security.Permissions}, through {@link Authenticator#authorize}). It also times each command into Micrometer
 * ({@code vector_db_resp_command_latency_seconds{command}}, {@code vector_db_resp_commands_total{command,status}}).
 *
 * <p>Immutable after construction and shared by all RESP verticle instances. Meters are created
 * up front, one set per command, so the label set is bounded and the hot path does no lookups.
 */
public final class CommandRegistry {
  /** Metric label used for every command name we do not know: user input never becomes a label. */
  static final String UNKNOWN_LABEL = "unknown";
  /** Longest argument echoed back in an "unknown command" error, as Redis trims it. */
  private static final int MAX_ECHOED_ARG = 128;
  /** Most arguments echoed back in an "unknown command" error. */
  private static final int MAX_ECHOED_ARGS = 5;

  private final Map<String, Entry> byName;
  private final Counter unknownCommands;

  private record Entry(CommandHandler handler, Timer latency, Counter ok, Counter errors) {}

  public CommandRegistry(Collection<CommandHandler> handlers, MeterRegistry meters) {
    Map<String, Entry> map = new HashMap<>();
    for (CommandHandler h : handlers) {
      String label = h.name().toLowerCase(java.util.Locale.ROOT);
      Entry e = new Entry(h,
          Timer.builder("vector_db_resp_command_latency_seconds").tag("command", label)
              .description("Time from a RESP command's parse to its reply").publishPercentileHistogram()
              .register(meters),
          Counter.builder("vector_db_resp_commands_total").tag("command", label).tag("status", "ok")
              .description("RESP commands executed").register(meters),
          Counter.builder("vector_db_resp_commands_total").tag("command", label).tag("status", "error")
              .description("RESP commands executed").register(meters));
      if (map.put(h.name(), e) != null) {
        throw new IllegalArgumentException("command " + h.name() + " registered twice");
      }
    }
    this.byName = Collections.unmodifiableMap(map);
    this.unknownCommands = Counter.builder("vector_db_resp_commands_total").tag("command", UNKNOWN_LABEL)
        .tag("status", "error").description("RESP commands executed").register(meters);
  }

  /** The handler for an upper-case name, or null. */
  public CommandHandler get(String upperName) {
    Entry e = byName.get(upperName);
    return e == null ? null : e.handler;
  }

  /** All handlers sorted by name, for COMMAND. */
  public Collection<CommandHandler> all() {
    TreeMap<String, CommandHandler> sorted = new TreeMap<>();
    byName.forEach((k, v) -> sorted.put(k, v.handler));
    return sorted.values();
  }

  public int size() {
    return byName.size();
  }

  /**
   * Checks and runs one command. Never fails: every error, including a handler's exception,
   * becomes an error reply.
   */
  public Future<RespValue> dispatch(CommandContext ctx, RespCommand cmd) {
    Entry e = byName.get(cmd.name());
    if (e == null) {
      unknownCommands.increment();
      return Future.succeededFuture(unknownCommand(cmd));
    }
    CommandHandler h = e.handler;
    if (!ctx.session().authenticated() && !h.allowedUnauthenticated()) {
      e.errors.increment();
      return Future.succeededFuture(RespValue.error(ErrorCode.VEC_ERR_AUTH.name()
          + " authentication required: send AUTH <user> <key> first"));
    }
    int argc = cmd.argCount();
    if ((h.arity() > 0 && argc != h.arity()) || (h.arity() < 0 && argc < -h.arity())) {
      e.errors.increment();
      return Future.succeededFuture(wrongArity(cmd.name()));
    }
    Authenticator.Check check = ctx.server().auth().authorize(ctx, h, cmd);
    if (check.refused() != null) {
      e.errors.increment();
      return Future.succeededFuture(check.refused());
    }
    long start = System.nanoTime();
    Future<RespValue> result;
    try {
      result = h.execute(ctx, cmd);
    } catch (VecException ex) {
      result = Future.failedFuture(ex);
    } catch (RuntimeException ex) {
      result = Future.failedFuture(new VecException(ErrorCode.VEC_ERR_INTERNAL,
          "command " + cmd.name() + " failed: " + ex));
    }
    return result.transform(ar -> {
      e.latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      RespValue reply = ar.succeeded() ? ar.result() : RespValue.error(VecException.from(ar.cause()).toRespError());
      check.completed(reply);
      (reply instanceof RespValue.ErrorReply ? e.errors : e.ok).increment();
      return Future.succeededFuture(reply);
    });
  }

  /** Redis's wording: {@code ERR wrong number of arguments for 'get' command}. */
  public static RespValue wrongArity(String upperName) {
    return RespValue.error("ERR wrong number of arguments for '" + upperName.toLowerCase(java.util.Locale.ROOT)
        + "' command");
  }

  /** Redis's wording, which clients (vertx-redis-client's HELLO fallback) match on. */
  static RespValue unknownCommand(RespCommand cmd) {
    StringBuilder sb = new StringBuilder("ERR unknown command '").append(printable(cmd.argString(0)))
        .append("', with args beginning with: ");
    for (int i = 1; i < cmd.argCount() && i <= MAX_ECHOED_ARGS; i++) {
      sb.append('\'').append(printable(cmd.argString(i))).append("' ");
    }
    return RespValue.error(sb.toString());
  }

  /** Trims and strips control characters so an echoed argument cannot break the reply line. */
  static String printable(String s) {
    String t = s.length() > MAX_ECHOED_ARG ? s.substring(0, MAX_ECHOED_ARG) : s;
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }
}
