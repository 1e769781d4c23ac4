package io.pyrope.resp.command;

import io.pyrope.bus.ErrorCode;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * {@code HELLO [protover [AUTH username key] [SETNAME clientname]]}: switches the connection to
 * RESP2 or RESP3 and replies with the server's handshake map in the new protocol. The protocol
 * only changes when every option succeeded, as in Redis.
 */
public final class HelloCommand implements CommandHandler {
  @Override
  public String name() {
    return "HELLO";
  }

  @Override
  public int arity() {
    return -1;
  }

  @Override
  public Future<RespValue> execute(CommandContext ctx, RespCommand cmd) {
    int protocol = ctx.session().protocol();
    if (cmd.argCount() >= 2) {
      String ver = cmd.argString(1);
      if (!ver.matches("[0-9]{1,9}")) {
        return done(RespValue.error("ERR Protocol version is not an integer or out of range"));
      }
      protocol = Integer.parseInt(ver);
      if (protocol != 2 && protocol != 3) {
        return done(RespValue.error("NOPROTO unsupported protocol version"));
      }
    }
    String authUser = null;
    byte[] authKey = null;
    String setName = null;
    for (int i = 2; i < cmd.argCount(); i++) {
      String opt = cmd.argString(i).toUpperCase(Locale.ROOT);
      int left = cmd.argCount() - i - 1;
      if (opt.equals("AUTH") && left >= 2) {
        authUser = cmd.argString(i + 1);
        authKey = cmd.arg(i + 2);
        i += 2;
      } else if (opt.equals("SETNAME") && left >= 1) {
        setName = cmd.argString(i + 1);
        i += 1;
      } else {
        return done(RespValue.error("ERR Syntax error in HELLO option '" + CommandRegistry.printable(cmd.argString(i))
            + "'"));
      }
    }
    if (setName != null && !ClientCommand.validName(setName)) {
      return done(RespValue.error(ClientCommand.BAD_NAME));
    }
    Future<RespValue> auth = authKey == null ? Future.succeededFuture(null)
        : ctx.server().auth().authenticate(ctx, authUser, authKey);
    String name = setName;
    int proto = protocol;
    return auth.map(a -> a instanceof RespValue.ErrorReply ? a : handshake(ctx, proto, name));
  }

  /** The rest of HELLO once its AUTH option (if any) has succeeded. */
  private static RespValue handshake(CommandContext ctx, int protocol, String setName) {
    if (!ctx.session().authenticated()) {
      return RespValue.error(ErrorCode.VEC_ERR_AUTH.name() + " HELLO must be called with the client already "
          + "authenticated, otherwise the HELLO <proto> AUTH <user> <key> option can be used to authenticate the "
          + "client and select the RESP protocol version at the same time");
    }
    if (setName != null) {
      ctx.session().name(setName);
    }
    ctx.session().protocol(protocol);
    ServerInfo s = ctx.server();
    return RespValue.map(List.of(
        RespValue.bulk("server"), RespValue.bulk("pyrope"),
        RespValue.bulk("version"), RespValue.bulk(s.version()),
        RespValue.bulk("proto"), RespValue.integer(protocol),
        RespValue.bulk("id"), RespValue.integer(ctx.session().id()),
        RespValue.bulk("mode"), RespValue.bulk("standalone"),
        RespValue.bulk("role"), RespValue.bulk("master"),
        RespValue.bulk("modules"), RespValue.EMPTY_ARRAY));
  }

  private static Future<RespValue> done(RespValue v) {
    return Future.succeededFuture(v);
  }

  @Override
  public boolean allowedUnauthenticated() {
    return true;
  }

  @Override
  public List<String> flags() {
    return List.of("noscript", "loading", "stale", "fast", "no_auth");
  }

  @Override
  public String summary() {
    return "Handshakes with the server, choosing RESP2 or RESP3.";
  }
}
