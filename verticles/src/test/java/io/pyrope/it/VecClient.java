package io.pyrope.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;

/** Sends VEC.* commands through Jedis with binary vectors, and reads their replies. */
final class VecClient {
  /** Records per VEC.ADD when loading a dataset. */
  static final int LOAD_BATCH = 500;

  private VecClient() {}

  static ProtocolCommand cmd(String name) {
    byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
    return () -> raw;
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Little-endian fp32, the fast wire form. */
  static byte[] blob(float[] data, int offset, int dim) {
    ByteBuffer bb = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(data, offset, dim);
    return bb.array();
  }

  static Object send(Jedis j, String command, Object... args) {
    byte[][] a = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      a[i] = args[i] instanceof byte[] bytes ? bytes : b(String.valueOf(args[i]));
    }
    return j.sendCommand(cmd(command), a);
  }

  /** Loads rows [0, n) of a row-major array as ids "0", "1", … with pipelined batches. */
  static void load(Jedis j, String tenant, String index, float[] data, int n, int dim) {
    Pipeline p = j.pipelined();
    List<redis.clients.jedis.Response<Object>> replies = new ArrayList<>();
    for (int start = 0; start < n; start += LOAD_BATCH) {
      int end = Math.min(n, start + LOAD_BATCH);
      List<byte[]> args = new ArrayList<>();
      args.add(b(tenant));
      args.add(b(index));
      for (int i = start; i < end; i++) {
        args.add(b(Integer.toString(i)));
        args.add(b("VECTOR"));
        args.add(blob(data, i * dim, dim));
      }
      replies.add(p.sendCommand(cmd("VEC.ADD"), args.toArray(new byte[0][])));
    }
    p.sync();
    long total = 0;
    for (var r : replies) {
      total += (Long) r.get();
    }
    if (total != n) {
      throw new AssertionError("loaded " + total + " of " + n);
    }
  }

  /** The ids of a VEC.SEARCH reply, best first. */
  @SuppressWarnings("unchecked")
  static List<String> ids(Object reply) {
    List<String> out = new ArrayList<>();
    for (Object hit : (List<Object>) reply) {
      out.add(new String((byte[]) ((List<Object>) hit).get(0), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Where the shared datasets are: the surefire property, else ../shared/data. */
  static Path data(String relative) {
    String root = System.getProperty("pyrope.shared.data", "../../shared/data");
    Path p = Path.of(root).resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError("dataset missing: " + p.toAbsolutePath() + " (see ../shared/data/README.md)");
    }
    return p;
  }
}
