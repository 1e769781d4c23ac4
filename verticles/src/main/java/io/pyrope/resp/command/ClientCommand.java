package io.pyrope.resp.command;

import io.pyrope.resp.ClientSession;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * {@code CLIENT SETNAME name | GETNAME | ID | SETINFO LIB-NAME|LIB-VER value | INFO | LIST |
 * NO-EVICT ON|OFF | NO-TOUCH ON|OFF | HELP}: the subset of Redis's CLIENT that client libraries
 * send while connecting, plus the two that people type when debugging.
 */
public final class ClientCommand implements CommandHandler {
  static final String BAD_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";
  /** Longest client name or library string we keep. */
  static final int MAX_NAME_LENGTH = 256;

  private static final List<String> HELP = List.of(
      "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GETNAME", "    Return the name of the current connection.",
      "ID", "    Return the ID of the current connection.",
      "INFO", "    Return information about the current client connection.",
      "LIST", "    Return information about client connections.",
      "SETINFO <option> <value>", "    Set client meta attr. Options are: LIB-NAME, LIB-VER.",
      "SETNAME <name>", "    Assign the name <name> to the current connection.",
      "NO-EVICT (ON|OFF)", "    Accepted for compatibility; Pyrope never evicts clients.",
      "NO-TOUCH (ON|OFF)", "    Accepted for compatibility.",
      "HELP", "    Print this help.");

  @Override
  public String name() {
    return "CLIENT";
  }

  @Override
  public int arity() {
    return -2;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    String sub = cmd.argString(1).toUpperCase(Locale.ROOT);
    int argc = cmd.argCount();
    ClientSession s = ctx.session();
    RespValue reply = switch (sub) {
      case "SETNAME" -> {
        if (argc != 3) {
          yield subArity(sub);
        }
        String n = cmd.argString(2);
        if (!validName(n)) {
          yield RespValue.error(BAD_NAME);
        }
        s.name(n);
        yield RespValue.OK;
      }
      case "GETNAME" -> argc != 2 ? subArity(sub) : s.name().isEmpty() ? RespValue.NULL : RespValue.bulk(s.name());
      case "ID" -> argc != 2 ? subArity(sub) : RespValue.integer(s.id());
      case "INFO" -> argc != 2 ? subArity(sub) : RespValue.verbatim(describe(s) + "\n");
      case "LIST" -> {
        StringBuilder sb = new StringBuilder();
        for (ClientSession c : ctx.server().stats().clients()) {
          sb.append(describe(c)).append('\n');
        }
        yield RespValue.verbatim(sb.toString());
      }
      case "SETINFO" -> argc != 4 ? subArity(sub) : setInfo(s, cmd.argString(2), cmd.argString(3));
      case "NO-EVICT", "NO-TOUCH" -> {
        if (argc != 3) {
          yield subArity(sub);
        }
        String v = cmd.argString(2).toUpperCase(Locale.ROOT);
        yield v.equals("ON") || v.equals("OFF") ? RespValue.OK : RespValue.error("ERR syntax error");
      }
      case "HELP" -> {
        List<RespValue> lines = new java.util.ArrayList<>();
        HELP.forEach(l -> lines.add(RespValue.simple(l)));
        yield RespValue.array(lines);
      }
      default -> RespValue.error("ERR unknown subcommand '" + CommandRegistry.printable(cmd.argString(1))
          + "'. Try CLIENT HELP.");
    };
    return Future.succeededFuture(reply);
  }

  private static RespValue setInfo(ClientSession s, String attr, String value) {
    if (!validName(value) && !value.isEmpty()) {
      return RespValue.error("ERR " + attr + " cannot contain spaces, newlines or special characters.");
    }
    switch (attr.toUpperCase(Locale.ROOT)) {
      case "LIB-NAME" -> s.libName(value);
      case "LIB-VER" -> s.libVersion(value);
      default -> {
        return RespValue.error("ERR Unrecognized option '" + CommandRegistry.printable(attr) + "'");
      }
    }
    return RespValue.OK;
  }

  private static RespValue subArity(String sub) {
    return RespValue.error("ERR wrong number of arguments for 'client|" + sub.toLowerCase(Locale.ROOT)
        + "' command");
  }

  /** Redis's rule: printable ASCII without spaces. */
  static boolean validName(String n) {
    if (n.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /** One CLIENT LIST line, in Redis's key=value layout. */
  static String describe(ClientSession c) {
    long now = System.currentTimeMillis();
    return "id=" + c.id() + " addr=" + c.remote() + " laddr=" + c.local() + " name=" + c.name()
        + " age=" + (now - c.createdMillis()) / 1000 + " idle=" + (now - c.lastActiveMillis()) / 1000
        + " db=0 user=" + (c.user() == null ? "" : c.user()) + " resp=" + c.protocol()
        + " lib-name=" + c.libName() + " lib-ver=" + c.libVersion()
        + " cmd=" + c.lastCommand().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<String> subcommands() {
    return List.of("getname", "help", "id", "info", "list", "no-evict", "no-touch", "setinfo", "setname");
  }

  @Override
  public List<String> flags() {
    return List.of("loading", "stale");
  }

  @Override
  public String summary() {
    return "A container for client connection commands.";
  }
}
