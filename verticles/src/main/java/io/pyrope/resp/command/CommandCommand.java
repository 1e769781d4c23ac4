package io.pyrope.resp.command;

import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code COMMAND [COUNT | DOCS [name…] | INFO [name…] | LIST | HELP]}: describes the command table
 * in Redis 7's layout, which redis-cli reads for its hints and cluster-aware clients read for
 * key positions (Pyrope commands have no Redis keys, so key positions are 0).
 */
public final class CommandCommand implements CommandHandler {
  private static final String SINCE = "0.1.0";

  @Override
  public String name() {
    return "COMMAND";
  }

  @Override
  public int arity() {
    return -1;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    CommandRegistry registry = ctx.server().commands();
    if (cmd.argCount() == 1) {
      List<RespValue> all = new ArrayList<>();
      for (CommandHandler h : registry.all()) {
        all.add(info(h));
      }
      return done(RespValue.array(all));
    }
    String sub = cmd.argString(1).toUpperCase(Locale.ROOT);
    return done(switch (sub) {
      case "COUNT" -> cmd.argCount() == 2 ? RespValue.integer(registry.size()) : arity(sub);
      case "LIST" -> {
        List<RespValue> names = new ArrayList<>();
        registry.all().forEach(h -> names.add(RespValue.bulk(h.name().toLowerCase(Locale.ROOT))));
        yield RespValue.array(names);
      }
      case "INFO" -> {
        List<RespValue> out = new ArrayList<>();
        if (cmd.argCount() == 2) {
          registry.all().forEach(h -> out.add(info(h)));
        }
        for (int i = 2; i < cmd.argCount(); i++) {
          CommandHandler h = registry.get(cmd.argString(i).toUpperCase(Locale.ROOT));
          out.add(h == null ? RespValue.NULL : info(h));
        }
        yield RespValue.array(out);
      }
      case "DOCS" -> {
        List<RespValue> kv = new ArrayList<>();
        List<CommandHandler> wanted = new ArrayList<>();
        if (cmd.argCount() == 2) {
          wanted.addAll(registry.all());
        }
        for (int i = 2; i < cmd.argCount(); i++) {
          CommandHandler h = registry.get(cmd.argString(i).toUpperCase(Locale.ROOT));
          if (h != null) {
            wanted.add(h);
          }
        }
        for (CommandHandler h : wanted) {
          kv.add(RespValue.bulk(h.name().toLowerCase(Locale.ROOT)));
          kv.add(docs(h));
        }
        yield RespValue.map(kv);
      }
      case "HELP" -> RespValue.array(List.of(
          RespValue.simple("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
          RespValue.simple("(no subcommand)"), RespValue.simple("    Return details about all commands."),
          RespValue.simple("COUNT"), RespValue.simple("    Return the total number of commands."),
          RespValue.simple("DOCS [<command-name> ...]"), RespValue.simple("    Return documentation of commands."),
          RespValue.simple("INFO [<command-name> ...]"), RespValue.simple("    Return details about commands."),
          RespValue.simple("LIST"), RespValue.simple("    Return a list of all command names.")));
      default -> RespValue.error("ERR unknown subcommand '" + CommandRegistry.printable(cmd.argString(1))
          + "'. Try COMMAND HELP.");
    });
  }

  private static RespValue arity(String sub) {
    return RespValue.error("ERR wrong number of arguments for 'command|" + sub.toLowerCase(Locale.ROOT)
        + "' command");
  }

  private static RespValue info(CommandHandler h) {
    List<RespValue> flags = new ArrayList<>();
    h.flags().forEach(f -> flags.add(RespValue.simple(f)));
    List<RespValue> subs = new ArrayList<>();
    String lower = h.name().toLowerCase(Locale.ROOT);
    for (String s : h.subcommands()) {
      subs.add(entry(lower + "|" + s, -2, List.of(), List.of()));
    }
    return entry(lower, h.arity(), flags, subs);
  }

  private static RespValue entry(String name, int arity, List<RespValue> flags, List<RespValue> subs) {
    return RespValue.array(List.of(RespValue.bulk(name), RespValue.integer(arity), RespValue.set(flags),
        RespValue.integer(0), RespValue.integer(0), RespValue.integer(0), RespValue.set(List.of()),
        RespValue.EMPTY_ARRAY, RespValue.EMPTY_ARRAY, RespValue.array(subs)));
  }

  private static RespValue docs(CommandHandler h) {
    return RespValue.map(List.of(
        RespValue.bulk("summary"), RespValue.bulk(h.summary()),
        RespValue.bulk("since"), RespValue.bulk(SINCE),
        RespValue.bulk("group"), RespValue.bulk(h.group())));
  }

  private static Future<RespValue> done(RespValue v) {
    return Future.succeededFuture(v);
  }

  @Override
  public List<String> subcommands() {
    return List.of("count", "docs", "help", "info", "list");
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
    return "Returns detailed information about all commands.";
  }
}
