package io.pyrope.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The permission table, enumerated: each role against each operation, in its own tenant and another. */
class PermissionsTest {
  /** The table as the product defines it; the test fails if the code drifts from it. */
  private static final Map<Operation, Set<Role>> EXPECTED = new EnumMap<>(Operation.class);

  static {
    EXPECTED.put(Operation.PUBLIC, EnumSet.allOf(Role.class));
    EXPECTED.put(Operation.CONNECTION, EnumSet.allOf(Role.class));
    EXPECTED.put(Operation.READ, EnumSet.of(Role.TENANT_ADMIN, Role.OPERATOR, Role.READER));
    EXPECTED.put(Operation.WRITE, EnumSet.of(Role.TENANT_ADMIN, Role.OPERATOR));
    EXPECTED.put(Operation.MANAGE_INDEX, EnumSet.of(Role.TENANT_ADMIN, Role.OPERATOR));
    EXPECTED.put(Operation.MANAGE_TENANT, EnumSet.of(Role.TENANT_ADMIN));
    EXPECTED.put(Operation.ADMIN, EnumSet.noneOf(Role.class));
  }

  @Test
  void everyRoleAgainstEveryOperationInItsOwnTenant() {
    for (Operation op : Operation.values()) {
      for (Role role : Role.values()) {
        Principal p = Principal.user("acme", "u", role, "k");
        boolean expected = EXPECTED.get(op).contains(role);
        assertEquals(expected, Permissions.allows(role, op), role + " " + op);
        assertEquals(expected, Permissions.denial(p, op, "acme") == null, role + " " + op + " in own tenant");
      }
    }
  }

  @Test
  void noRoleReachesAnotherTenant() {
    for (Operation op : Operation.values()) {
      if (!op.tenantScoped()) {
        continue;
      }
      for (Role role : Role.values()) {
        Principal p = Principal.user("acme", "u", role, "k");
        String denial = Permissions.denial(p, op, "globex");
        assertNotNull(denial, role + " " + op + " on another tenant");
        assertNotNull(Permissions.denial(p, op, null), role + " " + op + " without a tenant");
      }
    }
  }

  @Test
  void theNodeAdminMayDoEverythingEverywhere() {
    for (Operation op : Operation.values()) {
      assertNull(Permissions.denial(Principal.ADMIN, op, "globex"));
      assertNull(Permissions.denial(Principal.ANONYMOUS, op, null));
    }
  }

  @Test
  void vecCommandsMapToTheirOperations() {
    Map<String, Operation> expected = Map.ofEntries(Map.entry("VEC.SEARCH", Operation.READ),
        Map.entry("VEC.GET", Operation.READ), Map.entry("VEC.STATS", Operation.READ),
        Map.entry("VEC.ADD", Operation.WRITE), Map.entry("VEC.UPSERT", Operation.WRITE),
        Map.entry("VEC.DEL", Operation.WRITE), Map.entry("VEC.CREATE", Operation.MANAGE_INDEX),
        Map.entry("VEC.DROP", Operation.MANAGE_INDEX), Map.entry("VEC.BUILD", Operation.MANAGE_INDEX),
        Map.entry("VEC.SNAPSHOT", Operation.MANAGE_INDEX), Map.entry("VEC.RESTORE", Operation.MANAGE_INDEX));
    expected.forEach((cmd, op) -> assertEquals(op, Permissions.command(cmd, null).op(), cmd));
    assertEquals(Operation.ADMIN, Permissions.command("CLIENT", "LIST").op());
    assertEquals(Operation.CONNECTION, Permissions.command("CLIENT", "SETNAME").op());
    // Unknown commands fail closed.
    assertEquals(Operation.ADMIN, Permissions.command("VEC.SOMETHING_NEW", null).op());
  }

  @Test
  void managementCommandsAndRoutesAreAudited() {
    for (var e : Permissions.commands().entrySet()) {
      boolean management = e.getValue().op() == Operation.MANAGE_INDEX;
      assertEquals(management, e.getValue().audited(), e.getKey());
    }
    for (var r : Permissions.routes()) {
      boolean mutating = !r.method().equals("GET");
      assertEquals(mutating, r.audited(), r.method() + " " + r.path());
    }
  }

  @Test
  void routesMatchWithDecodedParameters() {
    var m = Permissions.route("DELETE", "/v1/indexes/acme/docs");
    assertEquals("index.drop", m.rule().action());
    assertEquals(Map.of("tenant", "acme", "index", "docs"), m.pathParams());
    assertEquals("acme", Permissions.route("GET", "/v1/indexes/ac%6De/docs/stats").pathParams().get("tenant"));
    assertEquals("a+b", Permissions.route("GET", "/v1/tenants/a+b").pathParams().get("tenant"));
    assertEquals("key.revoke", Permissions.route("DELETE", "/v1/tenants/acme/keys/0011").rule().action());
    assertEquals("key.create", Permissions.route("POST", "/v1/tenants/acme/users/al/keys").rule().action());
    assertNull(Permissions.route("PATCH", "/v1/indexes"));
    assertNull(Permissions.route("GET", "/v1/nothing"));
    assertTrue(Permissions.route("GET", "/v1/indexes/").rule().path().equals("/v1/indexes"));
  }
}
