package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Embeddings computed by earlier runs, so that a rerun of a workload embeds nothing. One file per
 * model and dimension ({@code <dir>/all-minilm-l6-v2-384.emb}), append-only, of fixed-size
 * records: the SHA-256 of the question's UTF-8 text (32 bytes), then {@code dim} little-endian
 * float32. A run that is killed mid-append leaves a partial last record, which the next load
 * ignores (and overwrites). Single-threaded.
 */
public final class EmbeddingCache {
  private static final int HASH_BYTES = 32;

  private final Path file;
  private final int dim;
  private final Map<String, float[]> byHash = new HashMap<>();
  private long validBytes;   // whole records in the file

  private EmbeddingCache(Path file, int dim) {
    this.file = file;
    this.dim = dim;
  }

  /** Opens (or starts) the cache of {@code model} vectors of {@code dim} in {@code dir}. */
  public static EmbeddingCache open(Path dir, String model, int dim) {
    EmbeddingCache c = new EmbeddingCache(dir.resolve(model + "-" + dim + ".emb"), dim);
    try {
      Files.createDirectories(dir);
      if (Files.exists(c.file)) {
        c.load();
      }
    } catch (IOException e) {
      throw new BenchException("cannot use the embedding cache " + c.file + ": " + e.getMessage());
    }
    return c;
  }

  private int recordBytes() {
    return HASH_BYTES + 4 * dim;
  }

  private void load() throws IOException {
    byte[] all = Files.readAllBytes(file);
    int records = all.length / recordBytes();
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    byte[] hash = new byte[HASH_BYTES];
    for (int r = 0; r < records; r++) {
      b.get(hash);
      float[] v = new float[dim];
      b.asFloatBuffer().get(v);
      b.position(b.position() + 4 * dim);
      byHash.put(HexFormat.of().formatHex(hash), v);
    }
    validBytes = (long) records * recordBytes();
  }

  public Path file() {
    return file;
  }

  public int size() {
    return byHash.size();
  }

  /** The cached vector of {@code text}, or null. */
  public float[] get(String text) {
    return byHash.get(hash(text));
  }

  /** Stores {@code v} for {@code text}, in memory and at the end of the file. */
  public void put(String text, float[] v) {
    if (v.length != dim) {
      throw new IllegalArgumentException("vector of " + v.length + " values in a cache of dimension " + dim);
    }
    String h = hash(text);
    if (byHash.putIfAbsent(h, v) != null) {
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(recordBytes()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(HexFormat.of().parseHex(h));
    b.asFloatBuffer().put(v); // a view: b's own position stays after the hash
    b.rewind();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.position(validBytes); // over a partial record left by a killed run
      while (b.hasRemaining()) {
        ch.write(b);
      }
      validBytes += recordBytes();
      ch.truncate(validBytes);
    } catch (IOException e) {
      throw new BenchException("cannot append to the embedding cache " + file + ": " + e.getMessage());
    }
  }

  static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
