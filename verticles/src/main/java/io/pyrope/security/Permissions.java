package io.pyrope.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one permission table of the node, used by RESP and HTTP alike. Three parts:
 * <ol>
 *   <li>which {@link Role} may perform which {@link Operation} (the node admin may do all);
 *   <li>which operation each RESP command is, and where its tenant is (argument 1 of VEC.*);
 *   <li>which operation each HTTP route is, and where its tenant is (path, query or body).
 * </ol>
 *
 * <p>Isolation rule: a tenant-scoped operation is allowed only when the tenant it names is the
 * principal's own tenant and the principal's role allows the operation. There is no cross-tenant
 * grant; only the node admin reaches every tenant.
 *
 * <p>Fail closed: a command or route missing from this table is treated as {@link Operation#ADMIN}
 * (only the node admin may use it). Tests check that every registered command and every mounted
 * route has an entry, so a feature that adds one must add its line here.
 *
 * <p>Why quotas are ADMIN to change but READ to see: quotas protect the node from a tenant; a
 * tenant admin who could raise its own quota would defeat them. Every member of a tenant may read
 * its limits so that clients can pace themselves.
 *
 * <p>Immutable, static, thread-safe.
 */
public final class Permissions {
  /** The RESP argument that names the tenant of a tenant-scoped command ({@code VEC.* tenant index …}). */
  public static final int TENANT_ARG = 1;

  private static final Map<Operation, Set<Role>> ROLES = new EnumMap<>(Operation.class);

  static {
    ROLES.put(Operation.PUBLIC, EnumSet.allOf(Role.class));
    ROLES.put(Operation.CONNECTION, EnumSet.allOf(Role.class));
    ROLES.put(Operation.READ, EnumSet.of(Role.TENANT_ADMIN, Role.OPERATOR, Role.READER));
    ROLES.put(Operation.WRITE, EnumSet.of(Role.TENANT_ADMIN, Role.OPERATOR));
    ROLES.put(Operation.MANAGE_INDEX, EnumSet.of(Role.TENANT_ADMIN, Role.OPERATOR));
    ROLES.put(Operation.MANAGE_TENANT, EnumSet.of(Role.TENANT_ADMIN));
    ROLES.put(Operation.ADMIN, EnumSet.noneOf(Role.class));
  }

  /**
   * A RESP command's place in the table.
   *
   * @param op what it is
   * @param action the audit action name ({@code index.create})
   * @param audited whether each use leaves an audit record (management operations)
   */
  public record CommandRule(Operation op, String action, boolean audited) {}

  /** Where an HTTP route names its tenant. */
  public enum TenantFrom {
    /** The route is not about one tenant. */
    NONE,
    /** The path parameter {@code :tenant}. */
    PATH,
    /** The query parameter {@code tenant}; a tenant key without it gets its own tenant. */
    QUERY,
    /**
     * The JSON body's string field {@code tenant}. The route must require that field (a 400 when it
     * is missing or not a string): the gate checks the tenant it finds, and a tenant key's request
     * without one is checked against its own tenant.
     */
    BODY
  }

  /**
   * An HTTP route's place in the table.
   *
   * @param method upper-case HTTP method
   * @param path the route as mounted ({@code /v1/indexes/:tenant/:index})
   * @param op what it is
   * @param tenantFrom where the tenant is named
   * @param action the audit action name
   * @param audited whether each call leaves an audit record
   */
  public record RouteRule(String method, String path, Operation op, TenantFrom tenantFrom, String action,
      boolean audited) {}

  /** A request matched to its route: the rule and the decoded path parameters. */
  public record RouteMatch(RouteRule rule, Map<String, String> pathParams) {}

  private record CompiledRoute(RouteRule rule, Pattern pattern, List<String> params) {}

  private static final Map<String, CommandRule> COMMANDS = new LinkedHashMap<>();
  private static final List<CompiledRoute> ROUTES = new ArrayList<>();

  static {
    for (String c : List.of("PING", "ECHO", "HELLO", "AUTH", "CLIENT", "COMMAND", "INFO", "SELECT", "RESET", "QUIT")) {
      command(c, Operation.CONNECTION, "connection", false);
    }
    // CLIENT LIST shows every connection of the node, other tenants' users and addresses included.
    command("CLIENT|LIST", Operation.ADMIN, "client.list", false);
    command("VEC.SEARCH", Operation.READ, "vec.search", false);
    command("VEC.GET", Operation.READ, "vec.get", false);
    command("VEC.STATS", Operation.READ, "index.stats", false);
    command("VEC.ADD", Operation.WRITE, "vec.add", false);
    command("VEC.UPSERT", Operation.WRITE, "vec.upsert", false);
    command("VEC.DEL", Operation.WRITE, "vec.del", false);
    command("VEC.CREATE", Operation.MANAGE_INDEX, "index.create", true);
    command("VEC.DROP", Operation.MANAGE_INDEX, "index.drop", true);
    command("VEC.BUILD", Operation.MANAGE_INDEX, "index.build", true);
    command("VEC.SNAPSHOT", Operation.MANAGE_INDEX, "index.snapshot", true);
    command("VEC.RESTORE", Operation.MANAGE_INDEX, "index.restore", true);

    route("GET", "/v1/health", Operation.PUBLIC, TenantFrom.NONE, "health", false);
    route("GET", "/v1/openapi.json", Operation.PUBLIC, TenantFrom.NONE, "openapi", false);
    // Metrics carry tenant and index names in their labels: admin only unless http.metrics-public.
    route("GET", "/v1/metrics", Operation.ADMIN, TenantFrom.NONE, "metrics", false);
    route("POST", "/v1/indexes", Operation.MANAGE_INDEX, TenantFrom.BODY, "index.create", true);
    route("GET", "/v1/indexes", Operation.READ, TenantFrom.QUERY, "index.list", false);
    route("GET", "/v1/indexes/:tenant/:index", Operation.READ, TenantFrom.PATH, "index.stats", false);
    route("GET", "/v1/indexes/:tenant/:index/stats", Operation.READ, TenantFrom.PATH, "index.stats", false);
    route("DELETE", "/v1/indexes/:tenant/:index", Operation.MANAGE_INDEX, TenantFrom.PATH, "index.drop", true);
    route("POST", "/v1/indexes/:tenant/:index/build", Operation.MANAGE_INDEX, TenantFrom.PATH, "index.build", true);
    // Snapshots: taking, loading and restoring are index management, like build.
    route("POST", "/v1/indexes/:tenant/:index/snapshot", Operation.MANAGE_INDEX, TenantFrom.PATH, "index.snapshot",
        true);
    route("GET", "/v1/indexes/:tenant/:index/snapshots", Operation.READ, TenantFrom.PATH, "index.snapshots", false);
    route("POST", "/v1/indexes/:tenant/:index/load", Operation.MANAGE_INDEX, TenantFrom.PATH, "index.load", true);
    route("POST", "/v1/indexes/:tenant/:index/restore", Operation.MANAGE_INDEX, TenantFrom.PATH, "index.restore",
        true);
    // The cache: policies and flush span tenants (flush without a tenant empties all), so node admin;
    // invalidate must name its tenant and index, so an index manager may drop its own entries.
    route("GET", "/v1/cache/policies", Operation.ADMIN, TenantFrom.NONE, "cache.policies.get", false);
    route("PUT", "/v1/cache/policies", Operation.ADMIN, TenantFrom.NONE, "cache.policies.update", true);
    route("POST", "/v1/cache/flush", Operation.ADMIN, TenantFrom.NONE, "cache.flush", true);
    route("POST", "/v1/cache/invalidate", Operation.MANAGE_INDEX, TenantFrom.BODY, "cache.invalidate", true);
    // The AI loop: a tenant reads the evaluations of its own indexes; the loop's status spans the node.
    route("GET", "/v1/ai/evaluations", Operation.READ, TenantFrom.QUERY, "ai.evaluations", false);
    route("GET", "/v1/ai/status", Operation.ADMIN, TenantFrom.NONE, "ai.status", false);
    route("POST", "/v1/tenants", Operation.ADMIN, TenantFrom.BODY, "tenant.create", true);
    route("GET", "/v1/tenants", Operation.ADMIN, TenantFrom.NONE, "tenant.list", false);
    route("GET", "/v1/tenants/:tenant", Operation.MANAGE_TENANT, TenantFrom.PATH, "tenant.get", false);
    route("GET", "/v1/tenants/:tenant/quotas", Operation.READ, TenantFrom.PATH, "tenant.quotas.get", false);
    route("PUT", "/v1/tenants/:tenant/quotas", Operation.ADMIN, TenantFrom.PATH, "tenant.quotas.update", true);
    route("POST", "/v1/tenants/:tenant/users", Operation.MANAGE_TENANT, TenantFrom.PATH, "user.create", true);
    route("DELETE", "/v1/tenants/:tenant/users/:user", Operation.MANAGE_TENANT, TenantFrom.PATH, "user.delete", true);
    route("POST", "/v1/tenants/:tenant/users/:user/keys", Operation.MANAGE_TENANT, TenantFrom.PATH, "key.create",
        true);
    route("DELETE", "/v1/tenants/:tenant/keys/:key", Operation.MANAGE_TENANT, TenantFrom.PATH, "key.revoke", true);
    route("GET", "/v1/audit", Operation.MANAGE_TENANT, TenantFrom.QUERY, "audit.query", false);
  }

  private Permissions() {}

  private static void command(String name, Operation op, String action, boolean audited) {
    COMMANDS.put(name, new CommandRule(op, action, audited));
  }

  private static void route(String method, String path, Operation op, TenantFrom from, String action,
      boolean audited) {
    List<String> params = new ArrayList<>();
    StringBuilder re = new StringBuilder("^");
    for (String seg : path.substring(1).split("/")) {
      re.append('/');
      if (seg.startsWith(":")) {
        params.add(seg.substring(1));
        re.append("([^/]+)");
      } else {
        re.append(Pattern.quote(seg));
      }
    }
    re.append("/?$");
    ROUTES.add(new CompiledRoute(new RouteRule(method, path, op, from, action, audited), Pattern.compile(re.toString()),
        List.copyOf(params)));
  }

  /** Whether {@code role} may perform {@code op} in its own tenant. */
  public static boolean allows(Role role, Operation op) {
    return ROLES.get(op).contains(role);
  }

  /**
   * Null when {@code p} may perform {@code op} on {@code tenant}, else why not (a sentence for the
   * error reply, without the code).
   */
  public static String denial(Principal p, Operation op, String tenant) {
    if (op == Operation.PUBLIC || p.nodeAdmin()) {
      return null;
    }
    if (op == Operation.CONNECTION) {
      return null;
    }
    if (!allows(p.role(), op)) {
      return "user '" + p.display() + "' with role " + p.role().wireName() + " may not " + describe(op);
    }
    if (op.tenantScoped() && (tenant == null || !tenant.equals(p.tenant()))) {
      return "user '" + p.display() + "' may not reach tenant '" + printable(tenant) + "'";
    }
    return null;
  }

  private static String describe(Operation op) {
    return switch (op) {
      case READ -> "read data";
      case WRITE -> "write data";
      case MANAGE_INDEX -> "manage indexes";
      case MANAGE_TENANT -> "manage the tenant's users, keys and audit trail";
      case ADMIN -> "run node-wide operations (node admin key only)";
      case PUBLIC, CONNECTION -> "connect";
    };
  }

  /**
   * The rule of a RESP command. {@code subcommand} (upper case, may be null) selects a finer entry
   * such as {@code CLIENT|LIST}. A command missing from the table is node-admin only.
   */
  public static CommandRule command(String upperName, String subcommand) {
    if (subcommand != null) {
      CommandRule sub = COMMANDS.get(upperName + "|" + subcommand);
      if (sub != null) {
        return sub;
      }
    }
    CommandRule r = COMMANDS.get(upperName);
    return r != null ? r : new CommandRule(Operation.ADMIN, upperName.toLowerCase(Locale.ROOT), false);
  }

  /** True when the table has an entry for this command name. */
  public static boolean hasCommand(String upperName) {
    return COMMANDS.containsKey(upperName);
  }

  /** Every command entry, for the table test. */
  public static Map<String, CommandRule> commands() {
    return Collections.unmodifiableMap(COMMANDS);
  }

  /** Every route entry, in declaration order. */
  public static List<RouteRule> routes() {
    return ROUTES.stream().map(CompiledRoute::rule).toList();
  }

  /** The rule of a request, or null when no entry matches (node-admin only). */
  public static RouteMatch route(String method, String path) {
    for (CompiledRoute c : ROUTES) {
      if (!c.rule.method().equals(method)) {
        continue;
      }
      Matcher m = c.pattern.matcher(path);
      if (m.matches()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < c.params.size(); i++) {
          params.put(c.params.get(i), decode(m.group(i + 1)));
        }
        return new RouteMatch(c.rule, params);
      }
    }
    return null;
  }

  /** Percent-decodes a path segment as vertx-web does; a malformed escape stays as it is (and matches no name). */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }

  /** A name from a request, trimmed and stripped of control characters, for error messages. */
  public static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }
}
