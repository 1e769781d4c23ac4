package io.pyrope.security;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.engine.Names;
import io.pyrope.security.impl.AtomicFiles;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants, their users and the users' API keys, persisted as one small JSON document
 * ({@code <data.dir>/security/security.json}).
 *
 * <p>Threading model: the whole content is one immutable {@link State} behind a volatile field.
 * Readers (every AUTH, every HTTP request, every RESP command's revocation check) read it without
 * locks. Writers are {@code synchronized}: each builds the next state, writes it to disk
 * atomically (temporary file, fsync, rename, fsync of the directory), and only then publishes it.
 * So a reader never sees a change that is not on disk, and a revoked key stops working for every
 * reader the moment {@code revokeKey} returns. Writers do file I/O: call them from a worker
 * thread, never from an event loop.
 *
 * <p>Invariants: every user's tenant exists; every key's user exists; key ids are unique; no
 * clear-text secret is ever held here, only salted hashes ({@link ApiKeys}).
 *
 * <p>Alternatives rejected: a Kafka-compacted topic (nodes would share users, but the first start
 * would need the broker before anyone can authenticate, and the admin flow gets asynchronous);
 * one file per user (many renames for one rotation, no atomic multi-entity change).
 */
public final class SecurityStore {
  /** Directory under the data dir. */
  public static final String DIR_NAME = "security";
  /** The document's file name. */
  public static final String FILE_NAME = "security.json";
  /** Version of the document's layout. */
  public static final int FORMAT_VERSION = 1;
  /** Longest user name. */
  public static final int MAX_USER_NAME = 64;
  /** Most tenants a node keeps. */
  public static final int MAX_TENANTS = 10_000;
  /** Most users per tenant. */
  public static final int MAX_USERS_PER_TENANT = 1_000;
  /** Most live keys per user: enough to rotate without downtime, few enough to audit. */
  public static final int MAX_KEYS_PER_USER = 10;

  /** A tenant. */
  public record Tenant(String name, long createdMillis, TenantQuotas quotas) {}

  /** A user of a tenant. */
  public record User(String tenant, String name, Role role, long createdMillis) {}

  /** What may be shown of a key: never its secret or hash. */
  public record KeyInfo(String keyId, String tenant, String user, long createdMillis) {}

  /** A key just issued: its clear text is returned once and not kept. */
  public record IssuedKey(KeyInfo info, String key, String replacedKeyId) {}

  private record StoredKey(KeyInfo info, byte[] salt, byte[] hash) {}

  /** The whole content; never changed after publication. */
  private record State(Map<String, Tenant> tenants, Map<String, User> users, Map<String, StoredKey> keys) {}

  private final Path file;
  private volatile State state;

  private SecurityStore(Path file, State state) {
    this.file = file;
    this.state = state;
  }

  /** Opens (or starts empty) the store under {@code dataDir}. Blocking. */
  public static SecurityStore open(Path dataDir) {
    Path file = dataDir.resolve(DIR_NAME).resolve(FILE_NAME);
    String text = AtomicFiles.readIfExists(file);
    return new SecurityStore(file, text == null ? new State(Map.of(), Map.of(), Map.of()) : decode(text, file));
  }

  // ---- reads: any thread, lock-free ----

  public Optional<Tenant> tenant(String name) {
    return Optional.ofNullable(state.tenants.get(name));
  }

  public List<Tenant> tenants() {
    List<Tenant> out = new ArrayList<>(state.tenants.values());
    out.sort(Comparator.comparing(Tenant::name));
    return out;
  }

  public List<User> users(String tenant) {
    List<User> out = new ArrayList<>();
    for (User u : state.users.values()) {
      if (u.tenant.equals(tenant)) {
        out.add(u);
      }
    }
    out.sort(Comparator.comparing(User::name));
    return out;
  }

  public List<KeyInfo> keys(String tenant, String user) {
    List<KeyInfo> out = new ArrayList<>();
    for (StoredKey k : state.keys.values()) {
      if (k.info.tenant().equals(tenant) && k.info.user().equals(user)) {
        out.add(k.info);
      }
    }
    out.sort(Comparator.comparingLong(KeyInfo::createdMillis).thenComparing(KeyInfo::keyId));
    return out;
  }

  /** The principal a presented key authenticates, or null. Constant-time in the secret. */
  public Principal verify(String key) {
    ApiKeys.Parsed parsed = ApiKeys.parse(key);
    if (parsed == null) {
      return null;
    }
    State s = state;
    StoredKey k = s.keys.get(parsed.keyId());
    if (k == null || !ApiKeys.matches(k.salt, k.hash, parsed.secret())) {
      return null;
    }
    return principal(s, k);
  }

  /** The current principal of a key id (role as it is now), or null when the key was revoked. */
  public Principal principal(String keyId) {
    State s = state;
    StoredKey k = keyId == null ? null : s.keys.get(keyId);
    return k == null ? null : principal(s, k);
  }

  private static Principal principal(State s, StoredKey k) {
    User u = s.users.get(userKey(k.info.tenant(), k.info.user()));
    return u == null ? null : Principal.user(u.tenant, u.name, u.role, k.info.keyId());
  }

  // ---- writes: synchronized, blocking (file I/O) ----

  /** Creates a tenant. */
  public synchronized Tenant createTenant(String name, TenantQuotas quotas) {
    Names.check("tenant", name);
    State s = state;
    if (s.tenants.containsKey(name)) {
      throw new VecException(ErrorCode.VEC_ERR_EXISTS, "tenant '" + name + "' already exists");
    }
    if (s.tenants.size() >= MAX_TENANTS) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "the node has " + MAX_TENANTS + " tenants, the limit");
    }
    Tenant t = new Tenant(name, System.currentTimeMillis(), quotas == null ? TenantQuotas.NONE : quotas);
    Map<String, Tenant> tenants = new LinkedHashMap<>(s.tenants);
    tenants.put(name, t);
    publish(new State(tenants, s.users, s.keys));
    return t;
  }

  /** Replaces a tenant's quotas. */
  public synchronized Tenant putQuotas(String tenant, TenantQuotas quotas) {
    State s = state;
    Tenant old = requireTenant(s, tenant);
    Tenant t = new Tenant(old.name, old.createdMillis, quotas);
    Map<String, Tenant> tenants = new LinkedHashMap<>(s.tenants);
    tenants.put(tenant, t);
    publish(new State(tenants, s.users, s.keys));
    return t;
  }

  /** Adds a user to a tenant. */
  public synchronized User createUser(String tenant, String name, Role role) {
    State s = state;
    requireTenant(s, tenant);
    checkUserName(name);
    if (s.users.containsKey(userKey(tenant, name))) {
      throw new VecException(ErrorCode.VEC_ERR_EXISTS, "user '" + name + "' already exists in tenant '" + tenant + "'");
    }
    if (users(tenant).size() >= MAX_USERS_PER_TENANT) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "tenant '" + tenant + "' has " + MAX_USERS_PER_TENANT
          + " users, the limit");
    }
    User u = new User(tenant, name, role, System.currentTimeMillis());
    Map<String, User> users = new LinkedHashMap<>(s.users);
    users.put(userKey(tenant, name), u);
    publish(new State(s.tenants, users, s.keys));
    return u;
  }

  /** Removes a user and revokes all of its keys at once. */
  public synchronized User deleteUser(String tenant, String name) {
    State s = state;
    requireTenant(s, tenant);
    User u = requireUser(s, tenant, name);
    Map<String, User> users = new LinkedHashMap<>(s.users);
    users.remove(userKey(tenant, name));
    Map<String, StoredKey> keys = new LinkedHashMap<>(s.keys);
    keys.values().removeIf(k -> k.info.tenant().equals(tenant) && k.info.user().equals(name));
    publish(new State(s.tenants, users, keys));
    return u;
  }

  /**
   * Issues a new key for a user. With {@code replacesKeyId}, the old key is revoked in the same
   * change (rotation): from the moment this returns, the old key authenticates nothing.
   */
  public synchronized IssuedKey issueKey(String tenant, String user, String replacesKeyId) {
    State s = state;
    requireTenant(s, tenant);
    requireUser(s, tenant, user);
    Map<String, StoredKey> keys = new LinkedHashMap<>(s.keys);
    if (replacesKeyId != null) {
      StoredKey old = keys.get(replacesKeyId);
      if (old == null || !old.info.tenant().equals(tenant) || !old.info.user().equals(user)) {
        throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "user '" + user + "' of tenant '" + tenant
            + "' has no key '" + Permissions.printable(replacesKeyId) + "'");
      }
      keys.remove(replacesKeyId);
    }
    if (keys(tenant, user).size() - (replacesKeyId == null ? 0 : 1) >= MAX_KEYS_PER_USER) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "user '" + user + "' has " + MAX_KEYS_PER_USER
          + " keys, the limit: revoke or rotate one");
    }
    ApiKeys.Generated g;
    do {
      g = ApiKeys.generate();
    } while (keys.containsKey(g.keyId()));
    KeyInfo info = new KeyInfo(g.keyId(), tenant, user, System.currentTimeMillis());
    keys.put(g.keyId(), new StoredKey(info, g.salt(), g.hash()));
    publish(new State(s.tenants, s.users, keys));
    return new IssuedKey(info, g.key(), replacesKeyId);
  }

  /** Revokes a key of a tenant. */
  public synchronized KeyInfo revokeKey(String tenant, String keyId) {
    State s = state;
    requireTenant(s, tenant);
    StoredKey k = s.keys.get(keyId);
    if (k == null || !k.info.tenant().equals(tenant)) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "tenant '" + tenant + "' has no key '"
          + Permissions.printable(keyId) + "'");
    }
    Map<String, StoredKey> keys = new LinkedHashMap<>(s.keys);
    keys.remove(keyId);
    publish(new State(s.tenants, s.users, keys));
    return k.info;
  }

  private static Tenant requireTenant(State s, String tenant) {
    Tenant t = s.tenants.get(tenant);
    if (t == null) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "tenant '" + Permissions.printable(tenant)
          + "' does not exist");
    }
    return t;
  }

  private static User requireUser(State s, String tenant, String name) {
    User u = s.users.get(userKey(tenant, name));
    if (u == null) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "tenant '" + tenant + "' has no user '"
          + Permissions.printable(name) + "'");
    }
    return u;
  }

  /** User names follow tenant names; {@code admin} and {@code default} belong to the node admin. */
  static void checkUserName(String name) {
    if (name == null || name.isEmpty()) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "user name is missing");
    }
    if (name.length() > MAX_USER_NAME) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "user name is " + name.length() + " characters, limit "
          + MAX_USER_NAME);
    }
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "user name '" + Permissions.printable(name)
          + "' has characters outside [A-Za-z0-9_-]");
    }
    if (name.equals(Principal.ADMIN_USER) || name.equals(Principal.DEFAULT_USER)) {
      throw new VecException(ErrorCode.VEC_ERR_SYNTAX, "user name '" + name + "' is reserved for the node admin");
    }
  }

  private static String userKey(String tenant, String user) {
    return tenant + "/" + user;
  }

  private void publish(State next) {
    AtomicFiles.write(file, encode(next));
    state = next;
  }

  // ---- the document ----

  private static String encode(State s) {
    Base64.Encoder b64 = Base64.getEncoder();
    JsonObject tenants = new JsonObject();
    s.tenants.values().forEach(t -> tenants.put(t.name, new JsonObject().put("created", t.createdMillis)
        .put("quotas", t.quotas.toJson())));
    JsonObject users = new JsonObject();
    s.users.values().forEach(u -> users.put(userKey(u.tenant, u.name), new JsonObject().put("tenant", u.tenant)
        .put("name", u.name).put("role", u.role.wireName()).put("created", u.createdMillis)));
    JsonObject keys = new JsonObject();
    s.keys.values().forEach(k -> keys.put(k.info.keyId(), new JsonObject().put("tenant", k.info.tenant())
        .put("user", k.info.user()).put("created", k.info.createdMillis())
        .put("salt", b64.encodeToString(k.salt)).put("sha256", b64.encodeToString(k.hash))));
    return new JsonObject().put("version", FORMAT_VERSION).put("tenants", tenants).put("users", users)
        .put("keys", keys).encodePrettily();
  }

  private static State decode(String text, Path file) {
    try {
      JsonObject doc = new JsonObject(text);
      if (doc.getInteger("version", -1) != FORMAT_VERSION) {
        throw new IllegalStateException("unknown version " + doc.getValue("version"));
      }
      Base64.Decoder b64 = Base64.getDecoder();
      Map<String, Tenant> tenants = new LinkedHashMap<>();
      JsonObject t = doc.getJsonObject("tenants", new JsonObject());
      for (String name : t.fieldNames()) {
        JsonObject o = t.getJsonObject(name);
        tenants.put(name, new Tenant(name, o.getLong("created"), TenantQuotas.fromJson(o.getJsonObject("quotas"))));
      }
      Map<String, User> users = new LinkedHashMap<>();
      JsonObject u = doc.getJsonObject("users", new JsonObject());
      for (String k : u.fieldNames()) {
        JsonObject o = u.getJsonObject(k);
        users.put(k, new User(o.getString("tenant"), o.getString("name"), Role.parse(o.getString("role")),
            o.getLong("created")));
      }
      Map<String, StoredKey> keys = new LinkedHashMap<>();
      JsonObject ks = doc.getJsonObject("keys", new JsonObject());
      for (String id : ks.fieldNames()) {
        JsonObject o = ks.getJsonObject(id);
        keys.put(id, new StoredKey(new KeyInfo(id, o.getString("tenant"), o.getString("user"), o.getLong("created")),
            b64.decode(o.getString("salt")), b64.decode(o.getString("sha256"))));
      }
      return new State(Collections.unmodifiableMap(tenants), Collections.unmodifiableMap(users),
          Collections.unmodifiableMap(keys));
    } catch (RuntimeException e) {
      throw new IllegalStateException("security store " + file + " is unreadable: " + e.getMessage()
          + " (restore it from a backup; the node does not start on a store it cannot trust)", e);
    }
  }
}
