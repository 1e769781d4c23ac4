package io.pyrope.resp.command;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.audit.AuditRecord;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespValue;
import io.pyrope.security.AuthThrottle;
import io.pyrope.security.Operation;
import io.pyrope.security.Permissions;
import io.pyrope.security.Principal;
import io.pyrope.security.Security;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * RESP's side of the node's {@link Security}: {@code AUTH}/{@code HELLO AUTH} bind a connection
 * to a principal (the node admin, or a tenant's user with a role), and {@link #authorize} checks
 * every command against the one permission table before it runs.
 *
 * <p>With no admin key configured auth is off and every connection starts as the node admin
 * ({@code default}, as in Redis); a client may still AUTH with a user key to act as that user.
 *
 * <p>Every check runs on the connection's event loop: key verification is one hash, permission
 * checks are map look-ups, and brute-force delays are timers.
 */
public final class Authenticator {
  /** The user a connection is bound to when auth is off or the admin key was presented. */
  public static final String DEFAULT_USER = Principal.DEFAULT_USER;
  static final String BAD_CREDENTIALS = ErrorCode.VEC_ERR_AUTH.name()
      + " invalid username-key pair or user is disabled";
  static final String TOO_MANY = ErrorCode.VEC_ERR_AUTH.name()
      + " too many failed authentication attempts; closing the connection";
  static final String THROTTLED = ErrorCode.VEC_ERR_AUTH.name()
      + " too many failed authentication attempts from this address; retry later";
  /** Redis's reply when AUTH is used but no password is configured. */
  static final String NO_AUTH_CONFIGURED = "ERR AUTH <password> called without any password configured for the "
      + "default user. Are you sure your configuration is correct?";
  private static final String TRANSPORT = AuthThrottle.RESP;

  private final Security security;

  public Authenticator(Security security) {
    this.security = security;
  }

  public boolean enabled() {
    return security.authEnabled();
  }

  /** Who a connection starts as: the node admin when auth is off, else nobody. */
  public Principal initialPrincipal() {
    return security.initialPrincipal();
  }

  public Security security() {
    return security;
  }

  /**
   * {@code AUTH} and {@code HELLO … AUTH}: waits for the throttle if this address failed too
   * often, checks the key, binds the connection on success. Completes with OK or the error.
   *
   * @param user the user name, or null for one-argument {@code AUTH key}
   */
  Future<RespValue> authenticate(CommandContext ctx, String user, byte[] key) {
    if (ctx.session().authFailures() >= AuthThrottle.MAX_FAILURES_PER_CONNECTION) {
      ctx.closeAfterReply();
      return Future.succeededFuture(RespValue.error(TOO_MANY));
    }
    String address = AuthThrottle.host(ctx.session().remote());
    long wait = security.throttle().admit(address);
    if (wait < 0) {
      return Future.succeededFuture(RespValue.error(THROTTLED));
    }
    if (wait == 0) {
      return Future.succeededFuture(check(ctx, user, key, address));
    }
    Promise<RespValue> p = Promise.promise();
    ctx.vertx().setTimer(wait, id -> p.complete(check(ctx, user, key, address)));
    return p.future();
  }

  private RespValue check(CommandContext ctx, String user, byte[] key, String address) {
    Principal p = security.authenticate(user, new String(key, StandardCharsets.UTF_8));
    if (p != null) {
      ctx.authenticate(p);
      return RespValue.OK;
    }
    if (!enabled()) {
      // Like Redis with a nopass default user: "AUTH default x" succeeds, one-argument AUTH is a mistake.
      if (user != null) {
        ctx.authenticate(Principal.ANONYMOUS);
        return RespValue.OK;
      }
      return RespValue.error(NO_AUTH_CONFIGURED);
    }
    ctx.session().authFailed();
    security.throttle().failed(TRANSPORT, address);
    security.audit().event("auth").request(TRANSPORT, ctx.session().remote(), requestId(ctx))
        .claimedUser(user == null ? DEFAULT_USER : user)
        .result(AuditRecord.UNAUTHENTICATED, ErrorCode.VEC_ERR_AUTH.name(), "invalid username-key pair").record();
    return RespValue.error(BAD_CREDENTIALS);
  }

  /**
   * The outcome of checking one command: {@link #refused} is the error to send instead of running
   * it, or null; {@link #completed} is told the reply so a management command leaves its audit
   * record.
   */
  public interface Check {
    RespValue refused();

    void completed(RespValue reply);
  }

  private static final Check ALLOWED = new Check() {
    @Override
    public RespValue refused() {
      return null;
    }

    @Override
    public void completed(RespValue reply) {}
  };

  private record Refused(RespValue refused) implements Check {
    @Override
    public void completed(RespValue reply) {}
  }

  /**
   * Checks a command against the permission table for the connection's principal. Runs after the
   * authentication and arity checks, so tenant-scoped commands have their tenant argument.
   */
  public Check authorize(CommandContext ctx, CommandHandler h, RespCommand cmd) {
    Principal bound = ctx.session().principal();
    if (bound == null) {
      return ALLOWED; // only commands allowed unauthenticated get here
    }
    Principal p = security.refresh(bound);
    if (p == null) {
      // The key was revoked or its user deleted: the connection loses it now.
      ctx.authenticate(null);
      if (h.allowedUnauthenticated()) {
        return ALLOWED;
      }
      Permissions.CommandRule rule = rule(cmd);
      security.audit().event(rule.action()).request(TRANSPORT, ctx.session().remote(), requestId(ctx)).actor(bound)
          .tenant(bound.tenant()).target(target(cmd, rule))
          .result(AuditRecord.UNAUTHENTICATED, ErrorCode.VEC_ERR_AUTH.name(), "key revoked").record();
      return new Refused(RespValue.error(ErrorCode.VEC_ERR_AUTH.name()
          + " the key this connection authenticated with was revoked; AUTH again"));
    }
    if (p != bound && !p.equals(bound)) {
      ctx.session().bind(p);
    }
    Permissions.CommandRule rule = rule(cmd);
    if (p.nodeAdmin() && !rule.audited()) {
      return ALLOWED;
    }
    String tenant = rule.op().tenantScoped() ? cmd.argString(Permissions.TENANT_ARG) : null;
    String denial = Permissions.denial(p, rule.op(), tenant);
    if (denial != null) {
      security.audit().event(rule.action()).request(TRANSPORT, ctx.session().remote(), requestId(ctx)).actor(p)
          .tenant(tenant).target(target(cmd, rule))
          .result(AuditRecord.DENIED, ErrorCode.VEC_ERR_PERM.name(), denial).record();
      return new Refused(RespValue.error(ErrorCode.VEC_ERR_PERM.name() + " " + denial));
    }
    if (!rule.audited()) {
      return ALLOWED;
    }
    String requestId = requestId(ctx);
    return new Check() {
      @Override
      public RespValue refused() {
        return null;
      }

      @Override
      public void completed(RespValue reply) {
        var event = security.audit().event(rule.action()).request(TRANSPORT, ctx.session().remote(), requestId)
            .actor(p).tenant(tenant).target(target(cmd, rule));
        if (reply instanceof RespValue.ErrorReply err) {
          String text = err.line();
          int sp = text.indexOf(' ');
          event.result(AuditRecord.ERROR, sp > 0 ? text.substring(0, sp) : text, sp > 0 ? text.substring(sp + 1) : null);
        }
        event.record();
      }
    };
  }

  private static Permissions.CommandRule rule(RespCommand cmd) {
    String sub = cmd.name().equals("CLIENT") && cmd.argCount() > 1 ? cmd.argString(1).toUpperCase(Locale.ROOT) : null;
    return Permissions.command(cmd.name(), sub);
  }

  private static String target(RespCommand cmd, Permissions.CommandRule rule) {
    if (rule.op() == Operation.CONNECTION || cmd.argCount() < 2) {
      return cmd.name();
    }
    if (rule.op().tenantScoped() && cmd.argCount() > Permissions.TENANT_ARG + 1) {
      return Permissions.printable(cmd.argString(Permissions.TENANT_ARG)) + "/"
          + Permissions.printable(cmd.argString(Permissions.TENANT_ARG + 1));
    }
    return cmd.name();
  }

  private static String requestId(CommandContext ctx) {
    return "resp-" + ctx.session().id() + "-" + UUID.randomUUID();
  }
}
