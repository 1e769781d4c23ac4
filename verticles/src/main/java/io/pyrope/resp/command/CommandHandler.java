package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;

/**
 * One RESP command. Each command is its own class declaring its name and arity; the
 * {@link CommandRegistry} checks arity and authentication once, before {@link #execute} runs, so
 * a handler only validates its own syntax.
 *
 * <p>{@code execute} is called on the connection's event loop and must not block: work that
 * blocks is sent over the event bus to the verticle that owns it. Errors are returned as
 * {@code ErrorReply} values or failed futures carrying a {@code VecException}.
 */
public interface CommandHandler {
  /** Upper-case command name, e.g. {@code PING}. */
  String name();

  /**
   * Redis arity, counting the command name: {@code N} means exactly N arguments, {@code -N}
   * at least N.
   */
  int arity();

  /** Runs the command. */
  Future<RespValue> execute(CommandContext ctx, RespCommand cmd);

  /**
   * True for a handler that records its own {@code vector_db_resp_command_latency_seconds}, into
   * the timer {@link CommandRegistry#latencyTimer} returns, with the clock reads it takes for its
   * other meters anyway (VEC.SEARCH: a cache hit then reads the clock twice, not four times). The
   * registry then does not time it; it still counts it.
   */
  default boolean timesItself() {
    return false;
  }

  /** Whether a client that has not authenticated may run it (AUTH, HELLO, PING, QUIT). */
  default boolean allowedUnauthenticated() {
    return false;
  }

  /**
   * Whether the command changes data. The connection runs such a command only after the
   * commands before it have answered, and holds the commands after it until it has.
   */
  default boolean mutates() {
    return false;
  }

  /**
   * Whether this command is a data write (VEC.ADD, VEC.UPSERT, VEC.DEL) that may be in flight
   * together with the connection's other data writes before and after it. Only meaningful when
   * {@link #mutates()}; any other mutating command stays an exclusive barrier. A command may say
   * yes only if the path it sends its write along keeps the connection's request order on its
   * own (see {@code RespConnection} and docs/durability.md "Order of one connection's writes").
   */
  default boolean concurrentWrite() {
    return false;
  }

  /** One line for COMMAND DOCS and the README. */
  String summary();

  /** COMMAND DOCS group: "connection", "server", "vector". */
  default String group() {
    return "connection";
  }

  /** Command flags for COMMAND INFO (Redis vocabulary: fast, write, readonly, noauth, loading, stale). */
  default java.util.List<String> flags() {
    return java.util.List.of("fast");
  }

  /** Lower-case subcommand names, for commands with subcommands (CLIENT, COMMAND). */
  default java.util.List<String> subcommands() {
    return java.util.List.of();
  }
}
