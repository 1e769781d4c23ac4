package io.pyrope.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One RESP connection to a node, through Jedis's {@link Connection} (a real Redis client, RESP2,
 * as a user's application would hold it). Commands can be sent without waiting
 * ({@link #sendSearch}, {@link #sendAdd}) and their replies read in order ({@link #readHits},
 * {@link #readCount}): that is pipelining. Server error replies and broken connections become
 * {@link BenchException}s with the node's own message.
 *
 * <p>Not thread-safe: one per client thread, like a Jedis connection.
 */
public final class RespClient implements AutoCloseable {
  /** Time to establish a connection before the node counts as unreachable. */
  static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  /** Longest wait for one reply: VEC.BUILD of a large HNSW or IVF-PQ tail takes minutes on 2 cores. */
  static final int READ_TIMEOUT_MILLIS = 30 * 60_000;

  private static final ProtocolCommand PING = command("PING");
  private static final ProtocolCommand INFO = command("INFO");
  private static final ProtocolCommand VEC_CREATE = command("VEC.CREATE");
  private static final ProtocolCommand VEC_DROP = command("VEC.DROP");
  private static final ProtocolCommand VEC_ADD = command("VEC.ADD");
  private static final ProtocolCommand VEC_BUILD = command("VEC.BUILD");
  private static final ProtocolCommand VEC_STATS = command("VEC.STATS");
  private static final ProtocolCommand VEC_SEARCH = command("VEC.SEARCH");
  private static final byte[] VECTOR = bytes("VECTOR");
  private static final byte[] TOPK = bytes("TOPK");
  private static final byte[] CACHE_HINT = bytes("CACHE_HINT");
  private static final byte[] BYPASS = bytes("bypass");
  private static final byte[] PARAMS = bytes("PARAMS");

  private final String where;       // host:port, for messages
  private final Connection conn;    // the Jedis connection

  private RespClient(String where, Connection conn) {
    this.where = where;
    this.conn = conn;
  }

  /** Connects and checks the node answers PING. */
  public static RespClient connect(String host, int port) {
    String where = host + ":" + port;
    Connection c;
    try {
      c = new Connection(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS).socketTimeoutMillis(READ_TIMEOUT_MILLIS).build());
    } catch (JedisConnectionException e) {
      throw unreachable(where, e);
    }
    RespClient client = new RespClient(where, c);
    try {
      if (!c.ping()) {
        throw new BenchException("the node at " + where + " did not answer PING with PONG");
      }
    } catch (JedisConnectionException e) {
      client.close();
      throw unreachable(where, e);
    } catch (JedisDataException e) {
      client.close();
      throw new BenchException("the node at " + where + " refused PING: " + e.getMessage());
    }
    return client;
  }

  /** One PING round trip (the RESP path without the event bus or FAISS). */
  public void ping() {
    Object r = call(PING);
    if (!(r instanceof byte[] b) || !"PONG".equals(text(b))) {
      throw new BenchException("the node at " + where + " replied " + describe(r) + " to PING");
    }
  }

  /** {@code INFO section}: its {@code key:value} fields (headings and blank lines left out). */
  public Map<String, String> info(String section) {
    Object r = call(INFO, bytes(section));
    if (!(r instanceof byte[] b)) {
      throw new BenchException("the node at " + where + " replied " + describe(r) + " to INFO " + section);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text(b).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return out;
  }

  /** VEC.CREATE tenant index DIM d METRIC m [FACTORY f] [PARAMS k=v …]. */
  public void create(Specs.IndexName name, int dim, String metric, String factory, Map<String, String> params) {
    List<byte[]> a = new ArrayList<>();
    a.add(bytes(name.tenant()));
    a.add(bytes(name.index()));
    a.add(bytes("DIM"));
    a.add(bytes(Integer.toString(dim)));
    a.add(bytes("METRIC"));
    a.add(bytes(metric));
    if (factory != null) {
      a.add(bytes("FACTORY"));
      a.add(bytes(factory));
    }
    if (!params.isEmpty()) {
      a.add(PARAMS);
      params.forEach((k, v) -> a.add(bytes(k + "=" + v)));
    }
    call(VEC_CREATE, a.toArray(new byte[0][]));
  }

  /** VEC.DROP; false when the index did not exist. */
  public boolean dropIfExists(Specs.IndexName name) {
    try {
      call(VEC_DROP, bytes(name.tenant()), bytes(name.index()));
      return true;
    } catch (BenchException e) {
      if (e.getMessage().contains("VEC_ERR_NOT_FOUND")) {
        return false;
      }
      throw e;
    }
  }

  /** VEC.BUILD: returns once the rebuilt tail serves searches. */
  public void build(Specs.IndexName name) {
    call(VEC_BUILD, bytes(name.tenant()), bytes(name.index()));
  }

  /** VEC.STATS as a map of field to Long or String. */
  public Map<String, Object> stats(Specs.IndexName name) {
    Object reply = call(VEC_STATS, bytes(name.tenant()), bytes(name.index()));
    Map<String, Object> out = new LinkedHashMap<>();
    if (reply instanceof List<?> kv) {
      for (int i = 0; i + 1 < kv.size(); i += 2) {
        out.put(text(kv.get(i)), kv.get(i + 1) instanceof byte[] b ? text(b) : kv.get(i + 1));
      }
    }
    return out;
  }

  /**
   * Sends {@code VEC.ADD tenant index id VECTOR blob …} for rows {@code [from, to)} of
   * {@code data}, ids being the row numbers; the reply is read by {@link #readCount()}.
   */
  public void sendAdd(Specs.IndexName name, float[] data, int dim, int from, int to) {
    byte[][] a = new byte[2 + 3 * (to - from)][];
    a[0] = bytes(name.tenant());
    a[1] = bytes(name.index());
    int j = 2;
    for (int row = from; row < to; row++) {
      a[j++] = bytes(Integer.toString(row));
      a[j++] = VECTOR;
      a[j++] = blob(data, row * dim, dim);
    }
    send(VEC_ADD, a);
  }

  /**
   * Sends any command and reads its reply (Jedis's raw form: byte[] bulks, Long integers, lists);
   * an error reply is a {@link BenchException}. For the workload's traced searches and writes.
   */
  public Object execute(String command, byte[]... args) {
    return call(command(command), args);
  }

  /** The integer reply of a sent command. */
  public long readCount() {
    Object r = read();
    if (!(r instanceof Long n)) {
      throw new BenchException("the node at " + where + " replied " + describe(r) + " where a count was expected");
    }
    return n;
  }

  /**
   * A prepared VEC.SEARCH (everything but sending): built once per query and params, so that
   * the measured loop does not time the client's argument building.
   */
  public static byte[][] searchArgs(Specs.IndexName name, int k, byte[] vectorBlob, List<String> paramWords) {
    List<byte[]> a = new ArrayList<>(10 + paramWords.size());
    a.add(bytes(name.tenant()));
    a.add(bytes(name.index()));
    a.add(TOPK);
    a.add(bytes(Integer.toString(k)));
    a.add(VECTOR);
    a.add(vectorBlob);
    // search and compare measure the engine and the server path, not the result cache: the same
    // query files are replayed several times and would otherwise be answered from memory.
    a.add(CACHE_HINT);
    a.add(BYPASS);
    if (!paramWords.isEmpty()) {
      a.add(PARAMS);
      paramWords.forEach(w -> a.add(bytes(w)));
    }
    return a.toArray(new byte[0][]);
  }

  /** Sends a VEC.SEARCH prepared by {@link #searchArgs}. */
  public void sendSearch(byte[][] args) {
    send(VEC_SEARCH, args);
  }

  /**
   * Reads a VEC.SEARCH reply into {@code labels[offset .. offset+k)}: ids parsed as row numbers,
   * {@code -1} where fewer than {@code k} came back.
   */
  public void readHits(long[] labels, int offset, int k) {
    Object r = read();
    if (!(r instanceof List<?> hits)) {
      throw new BenchException("the node at " + where + " replied " + describe(r) + " to VEC.SEARCH");
    }
    for (int i = 0; i < k; i++) {
      long label = -1;
      if (i < hits.size() && hits.get(i) instanceof List<?> hit && !hit.isEmpty() && hit.get(0) instanceof byte[] id) {
        label = parseLabel(id);
      }
      labels[offset + i] = label;
    }
  }

  /** A row number from an id; ids that are not numbers never match the ground truth. */
  private static long parseLabel(byte[] id) {
    long v = 0;
    if (id.length == 0 || id.length > 18) {
      return -2;
    }
    for (byte b : id) {
      if (b < '0' || b > '9') {
        return -2;
      }
      v = v * 10 + (b - '0');
    }
    return v;
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (RuntimeException e) {
      // closing a broken connection: nothing left to do
    }
  }

  private Object call(ProtocolCommand cmd, byte[]... args) {
    send(cmd, args);
    return read();
  }

  private void send(ProtocolCommand cmd, byte[]... args) {
    try {
      conn.sendCommand(cmd, args);
    } catch (JedisConnectionException e) {
      throw lost(e);
    }
  }

  private Object read() {
    try {
      return conn.getOne();
    } catch (JedisDataException e) {
      throw new BenchException("the node at " + where + " replied with an error: " + e.getMessage());
    } catch (JedisConnectionException e) {
      throw lost(e);
    }
  }

  private BenchException lost(JedisConnectionException e) {
    return new BenchException("lost the connection to the node at " + where + ": " + rootMessage(e), e);
  }

  private static BenchException unreachable(String where, JedisConnectionException e) {
    return new BenchException("cannot reach a node at " + where + ": " + rootMessage(e)
        + " (start one with ./pyrope run, or pass --host/--port)", e);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }

  private static String describe(Object r) {
    if (r instanceof byte[] b) {
      return "'" + text(b) + "'";
    }
    return r == null ? "nil" : r.getClass().getSimpleName();
  }

  /** Little-endian fp32, the node's fast vector form. */
  public static byte[] blob(float[] data, int offset, int dim) {
    ByteBuffer bb = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(data, offset, dim);
    return bb.array();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private static ProtocolCommand command(String name) {
    byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
    return () -> raw;
  }
}
