package io.pyrope.snapshot;

import io.pyrope.engine.IndexConfig;
import io.pyrope.engine.IndexImage;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.RecordStore;
import io.pyrope.engine.VectorIndex;
import io.pyrope.engine.VectorRecord;
import io.pyrope.search.faiss.Faiss;
import io.pyrope.search.faiss.FaissIndex;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Snapshot directories on disk: {@code <data.dir>/snapshots/<tenant>/<index>/<id>/} holding
 *
 * <table>
 *   <caption>Files of one snapshot</caption>
 *   <tr><td>{@code config.json}</td><td>the IndexConfig</td></tr>
 *   <tr><td>{@code records.bin}</td><td>every live record ({@link RecordStore} layout)</td></tr>
 *   <tr><td>{@code tail.faiss}, {@code tail-rows.bin}</td><td>the built tail (FAISS's own
 *       format) and the row of each of its labels (int64 count, then int64 rows, big-endian);
 *       absent before the first build and for Flat indexes</td></tr>
 *   <tr><td>{@code state.json}</td><td>{@link SnapshotMeta}: epoch, counts, the WAL position</td></tr>
 *   <tr><td>{@code manifest.json}</td><td>size and SHA-256 of every other file; written last</td></tr>
 * </table>
 *
 * <p><b>Atomicity.</b> A snapshot is written into {@code .tmp-<id>} next to its final place,
 * every file fsynced, then the directory is renamed to {@code <id>} (atomic on one file
 * system) and the parent fsynced. A crash leaves either no snapshot or a complete one, plus
 * perhaps a {@code .tmp-} directory that {@link #cleanTemp} removes. A snapshot damaged later
 * (disk, hand edits) fails its manifest check on load and the caller falls back to an older one.
 *
 * <p>Threading: stateless besides the id sequence; callers serialise writes and prunes of one
 * index (the {@link SnapshotService} does).
 */
public final class SnapshotStore {
  static final String CONFIG = "config.json";
  static final String RECORDS = "records.bin";
  static final String TAIL = "tail.faiss";
  static final String TAIL_ROWS = "tail-rows.bin";
  static final String STATE = "state.json";
  static final String MANIFEST = "manifest.json";
  /** The WAL checkpoint file, in the data dir. */
  static final String CHECKPOINT = "wal-checkpoint.json";
  /** Prefix of directories still being written. */
  static final String TEMP_PREFIX = ".tmp-";
  /** Write buffer of the record store. */
  private static final int BUFFER_BYTES = 1 << 20;

  private final Path root;                                   // <data.dir>/snapshots
  private final AtomicLong seq = new AtomicLong();           // tells apart snapshots of one millisecond

  public SnapshotStore(Path dataDir) {
    this.root = dataDir.resolve("snapshots");
  }

  public Path root() {
    return root;
  }

  Path indexDir(String tenant, String index) {
    return root.resolve(tenant).resolve(index);
  }

  /** Snapshot ids of an index, newest first ({@code .tmp-} directories excluded). */
  public List<String> list(String tenant, String index) {
    Path dir = indexDir(tenant, index);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(TEMP_PREFIX)).sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code tenant/index} that has a snapshot directory. */
  public List<String[]> indexes() {
    List<String[]> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> tenants = Files.list(root)) {
      for (Path t : tenants.filter(Files::isDirectory).toList()) {
        try (Stream<Path> idx = Files.list(t)) {
          idx.filter(Files::isDirectory).forEach(i -> out.add(new String[] {t.getFileName().toString(),
              i.getFileName().toString()}));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Writes a snapshot of {@code image} including WAL position {@code meta} fields, atomically.
   *
   * @return the complete snapshot's meta (with its id)
   */
  public SnapshotMeta write(IndexImage image, String walTopic, int walPartition, long walOffset, long walTimestamp,
      long nowMillis) {
    IndexConfig c = image.config();
    String id = String.format("%013d-%06d", nowMillis, seq.incrementAndGet() % 1_000_000);
    Path dir = indexDir(c.tenant(), c.name());
    Path tmp = dir.resolve(TEMP_PREFIX + id);
    Path dst = dir.resolve(id);
    SnapshotMeta meta = new SnapshotMeta(id, c.tenant(), c.name(), nowMillis, image.epoch(), image.nextRow(),
        image.live().size(), walTopic, walPartition, walOffset, walTimestamp);
    try {
      Files.createDirectories(tmp);
      List<String> files = new ArrayList<>();
      writeSmall(tmp.resolve(CONFIG), c.toJson().encodePrettily());
      files.add(CONFIG);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(tmp.resolve(RECORDS)), BUFFER_BYTES))) {
        RecordStore.write(out, c.dim(), image.live());
      }
      files.add(RECORDS);
      if (image.hasTail()) {
        image.writeTail(tmp.resolve(TAIL));
        files.add(TAIL);
        long[] rows = image.tailRows();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
            Files.newOutputStream(tmp.resolve(TAIL_ROWS)), BUFFER_BYTES))) {
          out.writeLong(rows.length);
          for (long r : rows) {
            out.writeLong(r);
          }
        }
        files.add(TAIL_ROWS);
      }
      writeSmall(tmp.resolve(STATE), meta.toJson().encodePrettily());
      files.add(STATE);
      JsonObject manifest = new JsonObject().put("format", SnapshotMeta.FORMAT).put("id", id);
      JsonObject entries = new JsonObject();
      for (String f : files) {
        Path p = tmp.resolve(f);
        fsync(p);
        entries.put(f, new JsonObject().put("bytes", Files.size(p)).put("sha256", sha256(p)));
      }
      manifest.put("files", entries);
      writeSmall(tmp.resolve(MANIFEST), manifest.encodePrettily());
      fsync(tmp.resolve(MANIFEST));
      fsyncDir(tmp);
      try {
        Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system cannot rename " + tmp + " atomically", e);
      }
      fsyncDir(dir);
      return meta;
    } catch (IOException e) {
      deleteTree(tmp);
      throw new UncheckedIOException("writing snapshot " + id + " of " + c.qualifiedName() + ": " + e.getMessage(), e);
    }
  }

  /** Reads and checks a snapshot's meta (state.json), verifying the manifest's entry for it only. */
  public SnapshotMeta meta(String tenant, String index, String id) {
    Path dir = indexDir(tenant, index).resolve(id);
    JsonObject manifest = manifest(dir);
    verify(dir, manifest, STATE);
    return SnapshotMeta.fromJson(readJson(dir.resolve(STATE)));
  }

  /**
   * Verifies every file of a snapshot against its manifest and builds the index it holds (not
   * registered).
   *
   * @throws SnapshotException if anything is missing, damaged or unreadable
   */
  public Loaded load(IndexRegistry registry, String tenant, String index, String id) {
    Path dir = indexDir(tenant, index).resolve(id);
    if (!Files.isDirectory(dir)) {
      throw new SnapshotException("no snapshot " + id + " of " + tenant + "/" + index);
    }
    JsonObject manifest = manifest(dir);
    JsonObject files = manifest.getJsonObject("files");
    for (String f : List.of(CONFIG, RECORDS, STATE)) {
      if (!files.containsKey(f)) {
        throw new SnapshotException("manifest of " + dir + " does not list " + f);
      }
    }
    for (String f : files.fieldNames()) {
      verify(dir, manifest, f);
    }
    SnapshotMeta meta = SnapshotMeta.fromJson(readJson(dir.resolve(STATE)));
    IndexConfig config = IndexConfig.fromJson(readJson(dir.resolve(CONFIG)));
    if (!config.tenant().equals(tenant) || !config.name().equals(index)) {
      throw new SnapshotException(dir + " holds " + config.qualifiedName() + ", not " + tenant + "/" + index);
    }
    List<VectorRecord> records;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(RECORDS)),
        BUFFER_BYTES))) {
      records = RecordStore.read(in, config.dim());
    } catch (IOException | RuntimeException e) {
      throw new SnapshotException(dir.resolve(RECORDS) + " is unreadable: " + e.getMessage(), e);
    }
    FaissIndex tail = null;
    long[] rows = null;
    if (files.containsKey(TAIL)) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(dir.resolve(TAIL_ROWS)), BUFFER_BYTES))) {
        long n = in.readLong();
        if (n < 0 || n > Integer.MAX_VALUE) {
          throw new IOException("row count " + n);
        }
        rows = new long[(int) n];
        for (int i = 0; i < n; i++) {
          rows[i] = in.readLong();
        }
        tail = Faiss.read(dir.resolve(TAIL));
      } catch (IOException | RuntimeException e) {
        throw new SnapshotException(dir + ": the tail is unreadable: " + e.getMessage(), e);
      }
    }
    try {
      VectorIndex restored = registry.restore(config, meta.epoch(), meta.nextRow(), records, tail, rows);
      return new Loaded(meta, restored);
    } catch (RuntimeException e) {
      if (tail != null) {
        tail.close();
      }
      throw new SnapshotException(dir + " cannot be restored: " + e.getMessage(), e);
    }
  }

  /**
   * A snapshot read back.
   *
   * @param meta its state
   * @param index the restored index, not registered
   */
  public record Loaded(SnapshotMeta meta, VectorIndex index) {}

  /** Deletes all but the {@code retain} newest snapshots of an index; returns the deleted ids. */
  public List<String> prune(String tenant, String index, int retain) {
    List<String> ids = list(tenant, index);
    List<String> deleted = new ArrayList<>();
    for (int i = retain; i < ids.size(); i++) {
      deleteTree(indexDir(tenant, index).resolve(ids.get(i)));
      deleted.add(ids.get(i));
    }
    return deleted;
  }

  /** Deletes every snapshot of an index (it was dropped). */
  public void deleteAll(String tenant, String index) {
    deleteTree(indexDir(tenant, index));
  }

  /** Removes half-written snapshots left by a crash; returns how many. */
  public int cleanTemp() {
    int n = 0;
    for (String[] ti : indexes()) {
      try (Stream<Path> s = Files.list(indexDir(ti[0], ti[1]))) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
          deleteTree(p);
          n++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }

  /** {@code <data.dir>/wal-checkpoint.json}: where recovery may start reading each WAL partition. */
  Path checkpointFile() {
    return root.getParent().resolve(CHECKPOINT);
  }

  /** Writes the checkpoint of {@code topic} atomically (temp file, fsync, rename). */
  public void writeCheckpoint(String topic, Map<Integer, Long> offsets) {
    JsonObject parts = new JsonObject();
    offsets.forEach((p, o) -> parts.put(Integer.toString(p), o));
    Path file = checkpointFile();
    Path tmp = file.resolveSibling(CHECKPOINT + ".tmp");
    try {
      Files.writeString(tmp, new JsonObject().put("topic", topic).put("partitions", parts).encodePrettily(),
          StandardCharsets.UTF_8);
      fsync(tmp);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDir(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /** The checkpoint for {@code topic}; empty when there is none, it is unreadable, or it is another topic's. */
  public Map<Integer, Long> readCheckpoint(String topic) {
    Path file = checkpointFile();
    Map<Integer, Long> out = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      JsonObject j = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      if (!topic.equals(j.getString("topic"))) {
        return out;
      }
      JsonObject parts = j.getJsonObject("partitions");
      for (String p : parts.fieldNames()) {
        out.put(Integer.parseInt(p), parts.getLong(p));
      }
    } catch (IOException | RuntimeException e) {
      out.clear(); // unreadable: replay everything, which is always correct
    }
    return out;
  }

  private static JsonObject manifest(Path dir) {
    Path m = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(m)) {
      throw new SnapshotException(dir + " has no manifest (incomplete snapshot)");
    }
    JsonObject j = readJson(m);
    if (j.getInteger("format", -1) != SnapshotMeta.FORMAT || j.getJsonObject("files") == null) {
      throw new SnapshotException(m + " is not a format " + SnapshotMeta.FORMAT + " manifest");
    }
    return j;
  }

  private static void verify(Path dir, JsonObject manifest, String file) {
    JsonObject e = manifest.getJsonObject("files").getJsonObject(file);
    Path p = dir.resolve(file);
    if (e == null || !Files.isRegularFile(p)) {
      throw new SnapshotException(dir + ": " + file + (e == null ? " is not in the manifest" : " is missing"));
    }
    try {
      long size = Files.size(p);
      if (size != e.getLong("bytes", -1L)) {
        throw new SnapshotException(dir + ": " + file + " has " + size + " bytes, the manifest says "
            + e.getLong("bytes"));
      }
      String sum = sha256(p);
      if (!sum.equals(e.getString("sha256"))) {
        throw new SnapshotException(dir + ": " + file + " fails its SHA-256 check");
      }
    } catch (IOException ex) {
      throw new SnapshotException(dir + ": cannot read " + file + ": " + ex.getMessage(), ex);
    }
  }

  private static JsonObject readJson(Path p) {
    try {
      return new JsonObject(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new SnapshotException(p + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static void writeSmall(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  static String sha256(Path p) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void fsync(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the rename is still atomic there.
    }
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + p, e);
    }
  }
}
