package io.pyrope.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary layout of a snapshot's vector store ({@code records.bin}): every live record with
 * everything the index keeps about it. Big-endian, as {@link java.io.DataOutput} writes:
 *
 * <pre>
 * magic "PYRREC01" (8 bytes) · dim int32 · count int64
 * count × { id modified-UTF-8 · dim × fp32 (as stored: normalised for cosine)
 *           · meta int32 byte length (-1 = none) + UTF-8 bytes
 *           · tags int32 n + n × modified-UTF-8 · numeric int32 n + n × (name modified-UTF-8, fp64)
 *           · version int64 · created_millis int64 · updated_millis int64 · row int64 }
 * </pre>
 * Integrity is the manifest's business (a SHA-256 per file); this reader only refuses what it
 * cannot parse. Stateless.
 */
public final class RecordStore {
  /** First bytes of the file; the digits are the layout version. */
  static final byte[] MAGIC = "PYRREC01".getBytes(StandardCharsets.US_ASCII);

  private RecordStore() {}

  /** Writes {@code records} (from an {@link IndexImage}) of dimension {@code dim}. */
  public static void write(DataOutputStream out, int dim, List<VectorRecord> records) throws IOException {
    out.write(MAGIC);
    out.writeInt(dim);
    out.writeLong(records.size());
    ByteBuffer vec = ByteBuffer.allocate(dim * Float.BYTES);
    for (VectorRecord r : records) {
      out.writeUTF(r.id());
      vec.clear();
      vec.asFloatBuffer().put(r.sharedVector());
      out.write(vec.array(), 0, dim * Float.BYTES);
      if (r.metaJson() == null) {
        out.writeInt(-1);
      } else {
        byte[] meta = r.metaJson().getBytes(StandardCharsets.UTF_8);
        out.writeInt(meta.length);
        out.write(meta);
      }
      String[] tags = r.tagArray();
      out.writeInt(tags.length);
      for (String t : tags) {
        out.writeUTF(t);
      }
      String[] names = r.numericNameArray();
      double[] values = r.numericValueArray();
      out.writeInt(names.length);
      for (int i = 0; i < names.length; i++) {
        out.writeUTF(names[i]);
        out.writeDouble(values[i]);
      }
      out.writeLong(r.version());
      out.writeLong(r.createdMillis());
      out.writeLong(r.updatedMillis());
      out.writeLong(r.row());
    }
  }

  /**
   * Reads records written by {@link #write}.
   *
   * @throws IOException when the file is not a record store of dimension {@code dim}, or ends early
   */
  public static List<VectorRecord> read(DataInputStream in, int dim) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a record store (bad magic)");
    }
    int fileDim = in.readInt();
    if (fileDim != dim) {
      throw new IOException("record store has dim " + fileDim + ", index config says " + dim);
    }
    long count = in.readLong();
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IOException("record store count " + count + " is out of range");
    }
    List<VectorRecord> out = new ArrayList<>((int) count);
    byte[] vecBytes = new byte[dim * Float.BYTES];
    for (long n = 0; n < count; n++) {
      String id = in.readUTF();
      in.readFully(vecBytes);
      float[] vector = new float[dim];
      ByteBuffer.wrap(vecBytes).asFloatBuffer().get(vector);
      int metaLen = in.readInt();
      String meta = null;
      if (metaLen >= 0) {
        if (metaLen > Limits.MAX_META_BYTES) {
          throw new IOException("record '" + id + "' has " + metaLen + " bytes of meta, more than the limit");
        }
        meta = new String(in.readNBytes(metaLen), StandardCharsets.UTF_8);
      }
      String[] tags = new String[boundedCount(in.readInt(), Limits.MAX_TAGS, "tags")];
      for (int i = 0; i < tags.length; i++) {
        tags[i] = in.readUTF();
      }
      int nn = boundedCount(in.readInt(), Limits.MAX_NUMERIC_FIELDS, "numeric fields");
      String[] names = new String[nn];
      double[] values = new double[nn];
      for (int i = 0; i < nn; i++) {
        names[i] = in.readUTF();
        values[i] = in.readDouble();
      }
      out.add(VectorRecord.restored(id, vector, meta, tags, names, values, in.readLong(), in.readLong(), in.readLong(),
          in.readLong()));
    }
    return out;
  }

  private static int boundedCount(int n, int max, String what) throws IOException {
    if (n < 0 || n > max) {
      throw new IOException("record store lists " + n + " " + what + ", limit " + max);
    }
    return n;
  }
}
