package io.pyrope.it;

import io.pyrope.node.PyropeNode;
import io.pyrope.security.Role;
import io.pyrope.security.SecurityStore;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/** Helpers for tests against a node with auth on: users with keys, and clients bound to them. */
final class SecureNode {
  static final String ADMIN_KEY = "test-admin-key-" + java.util.UUID.randomUUID();

  private SecureNode() {}

  static PyropeNode start(String... extra) {
    String[] flags = new String[extra.length + 1];
    flags[0] = "--auth.admin-key=" + ADMIN_KEY;
    System.arraycopy(extra, 0, flags, 1, extra.length);
    return TestNodes.start(flags);
  }

  /** Creates the tenant if needed, then a user with one key; returns the key. */
  static String user(PyropeNode node, String tenant, String user, Role role) {
    SecurityStore s = node.security().store();
    if (s.tenant(tenant).isEmpty()) {
      s.createTenant(tenant, null);
    }
    s.createUser(tenant, user, role);
    return s.issueKey(tenant, user, null).key();
  }

  static Jedis jedis(PyropeNode node, String user, String key) {
    return jedis(node, user, key, RedisProtocol.RESP2);
  }

  static Jedis jedis(PyropeNode node, String user, String key, RedisProtocol protocol) {
    return new Jedis(new HostAndPort("127.0.0.1", node.respPort()),
        DefaultJedisClientConfig.builder().user(user).password(key).protocol(protocol).build());
  }

  static Jedis admin(PyropeNode node) {
    return jedis(node, "default", ADMIN_KEY);
  }
}
