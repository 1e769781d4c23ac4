package io.pyrope.resp;

import io.pyrope.security.Principal;
import io.vertx.core.net.SocketAddress;

/**
 * The state of one RESP connection that commands read and change: protocol version, name,
 * library info, authentication. Owned by the connection's event loop; other threads (INFO,
 * CLIENT LIST from another connection) only read the volatile fields, which may be slightly stale.
 */
public final class ClientSession {
  /** Client id, unique for the node's lifetime. */
  private final long id;
  /** Remote address, "ip:port". */
  private final String remote;
  /** Local address the client connected to, "ip:port". */
  private final String local;
  /** When the connection was accepted (epoch millis). */
  private final long createdMillis = System.currentTimeMillis();
  /** 2 or 3: how replies are encoded (HELLO switches it). */
  private volatile int protocol = 2;
  /** CLIENT SETNAME, empty when unset. */
  private volatile String name = "";
  /** CLIENT SETINFO LIB-NAME. */
  private volatile String libName = "";
  /** CLIENT SETINFO LIB-VER. */
  private volatile String libVersion = "";
  /** The authenticated user as shown by CLIENT LIST ({@code tenant/user}), or null before AUTH when auth is on. */
  private volatile String user;
  /** Who the connection acts as, or null before AUTH when auth is on. */
  private volatile Principal principal;
  /** Failed AUTH attempts on this connection (event loop only). */
  private int authFailures;
  /** Last command name, for CLIENT LIST. */
  private volatile String lastCommand = "NULL";
  /** When the last command arrived (epoch millis). */
  private volatile long lastActiveMillis = createdMillis;

  ClientSession(long id, SocketAddress remote, SocketAddress local, Principal initial) {
    this.id = id;
    this.remote = remote == null ? "?" : remote.hostAddress() + ":" + remote.port();
    this.local = local == null ? "?" : local.hostAddress() + ":" + local.port();
    bind(initial);
  }

  public long id() {
    return id;
  }

  public String remote() {
    return remote;
  }

  public String local() {
    return local;
  }

  public long createdMillis() {
    return createdMillis;
  }

  public int protocol() {
    return protocol;
  }

  public void protocol(int protocol) {
    this.protocol = protocol;
  }

  public String name() {
    return name;
  }

  public void name(String name) {
    this.name = name;
  }

  public String libName() {
    return libName;
  }

  public void libName(String libName) {
    this.libName = libName;
  }

  public String libVersion() {
    return libVersion;
  }

  public void libVersion(String libVersion) {
    this.libVersion = libVersion;
  }

  /** True once AUTH succeeded, or always when auth is off. */
  public boolean authenticated() {
    return user != null;
  }

  public String user() {
    return user;
  }

  /** Who the connection acts as; null before AUTH when auth is on. */
  public Principal principal() {
    return principal;
  }

  /** Binds the connection to a principal, or unbinds it with null. */
  public void bind(Principal p) {
    this.principal = p;
    this.user = p == null ? null : p.display();
  }

  /** Counts a failed AUTH on this connection and returns the count. */
  public int authFailed() {
    return ++authFailures;
  }

  public int authFailures() {
    return authFailures;
  }

  public String lastCommand() {
    return lastCommand;
  }

  public long lastActiveMillis() {
    return lastActiveMillis;
  }

  void touch(String command) {
    this.lastCommand = command;
    this.lastActiveMillis = io.pyrope.time.CoarseClock.currentTimeMillis(); // per command: a coarse clock
  }
}
