package io.pyrope.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.resp.command.CommandHandler;
import io.pyrope.security.Permissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every RESP command in the node's table and every mounted admin route has its line in the one
 * permission table. A feature that adds a command or a route without one fails here (until then
 * it is node-admin only, which is safe but surely not what was meant).
 */
class PermissionCoverageTest {
  @Test
  void everyCommandHasARule() {
    for (CommandHandler h : Commands.all(null)) { // the cache only matters when searching
      assertTrue(Permissions.hasCommand(h.name()), h.name() + " has no line in io.pyrope.security.Permissions");
    }
  }

  @Test
  void everyMountedRouteHasARule() {
    Set<String> rules = new HashSet<>();
    Permissions.routes().forEach(r -> rules.add(r.method() + " " + r.path()));
    List<String> mounted = io.pyrope.it.TestNodesAccess.shared().adminRoutes();
    for (String route : mounted) {
      assertTrue(rules.contains(route), route + " has no line in io.pyrope.security.Permissions");
    }
  }
}
