package io.pyrope.ai.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole trace in memory, ready to be replayed many times (every policy at every cache size):
 * the records, a dense integer id per cache key and per tenant/index (so policies index arrays
 * instead of hashing strings), and, for the offline policies, the position of each search's
 * next use.
 *
 * <p><b>Next use.</b> {@code nextUse[i]} is the position of the next search of the same
 * tenant/index/key after position {@code i}, or {@link #NEVER}. A write to the tenant/index in
 * between makes it {@link #NEVER}: the write invalidates the entry, so keeping it cannot serve
 * that later search. Computed in one backward pass on first use.
 *
 * <p>Immutable once loaded; policies only read it.
 */
public final class Trace {
  /** Most records held in memory: the offline policies need the whole future (about 200 bytes a record). */
  public static final int MAX_RECORDS = 5_000_000;
  /** Next use of a key that is never searched again (or is invalidated first). */
  public static final int NEVER = Integer.MAX_VALUE;

  private final String source;
  private final TraceRecord[] records;
  private final int[] keyIds;
  private final int[] scopeIds;
  private final int keys;
  private final int scopes;
  private final long searches;
  private final boolean hasIds;
  private final boolean hasGroups;
  private int[] nextUse;

  private Trace(String source, List<TraceRecord> list) {
    this.source = source;
    this.records = list.toArray(new TraceRecord[0]);
    this.keyIds = new int[records.length];
    this.scopeIds = new int[records.length];
    Map<String, Integer> keyMap = new HashMap<>();
    Map<String, Integer> scopeMap = new HashMap<>();
    long s = 0;
    boolean ids = false;
    boolean groups = false;
    for (int i = 0; i < records.length; i++) {
      TraceRecord r = records[i];
      scopeIds[i] = scopeMap.computeIfAbsent(r.scope(), k -> scopeMap.size());
      if (r.write()) {
        keyIds[i] = -1;
        continue;
      }
      s++;
      keyIds[i] = keyMap.computeIfAbsent(r.cacheKey(), k -> keyMap.size());
      ids |= r.truth() != null;
      groups |= r.group() != null;
    }
    this.keys = keyMap.size();
    this.scopes = scopeMap.size();
    this.searches = s;
    this.hasIds = ids;
    this.hasGroups = groups;
  }

  /** Loads and validates a trace file; progress lines go to {@code progress} (may be quiet). */
  public static Trace load(Path file, Progress progress) {
    try (TraceReader reader = TraceReader.open(file)) {
      return read(reader, file.toString(), progress);
    }
  }

  /** Reads every record of {@code reader}. */
  public static Trace read(TraceReader reader, String source, Progress progress) {
    List<TraceRecord> list = new ArrayList<>();
    // One String per distinct tenant, index and key instead of one per record: a long trace repeats them.
    Map<String, String> canonical = new HashMap<>();
    TraceRecord r;
    while ((r = reader.next()) != null) {
      r = new TraceRecord(r.timeMs(), canonical.computeIfAbsent(r.tenant(), k -> k),
          canonical.computeIfAbsent(r.index(), k -> k), r.write(),
          r.key() == null ? null : canonical.computeIfAbsent(r.key(), k -> k), r.cost(), r.bytes(), r.topK(),
          r.resultIds(), r.truthIds(), r.group());
      if (list.size() >= MAX_RECORDS) {
        throw new TraceFormatException(source, reader.lines(), null,
            "the trace has more than " + MAX_RECORDS + " records, the most the simulator holds in memory"
                + " (Belady's pre-pass needs the whole future); cut it into parts");
      }
      list.add(r);
      if (progress.due(list.size())) {
        progress.print("read " + list.size() + " records of " + source);
      }
    }
    return new Trace(source, list);
  }

  /** A trace from records already in memory (tests, the controller). */
  public static Trace of(String source, List<TraceRecord> records) {
    if (records.isEmpty()) {
      throw new TraceFormatException(source, 0, null, "the trace holds no records (empty file)");
    }
    if (records.size() > MAX_RECORDS) {
      throw new IllegalArgumentException("more than " + MAX_RECORDS + " records");
    }
    return new Trace(source, records);
  }

  public String source() {
    return source;
  }

  public int size() {
    return records.length;
  }

  public TraceRecord record(int i) {
    return records[i];
  }

  /** Dense id of record i's cache key (0 … {@link #keys()} − 1); −1 for a write. */
  public int keyId(int i) {
    return keyIds[i];
  }

  /** Dense id of record i's tenant/index. */
  public int scopeId(int i) {
    return scopeIds[i];
  }

  /** Distinct cache keys. */
  public int keys() {
    return keys;
  }

  /** Distinct tenant/index pairs. */
  public int scopes() {
    return scopes;
  }

  public long searches() {
    return searches;
  }

  public long writes() {
    return records.length - searches;
  }

  /** Whether any search carries result or truth ids (recall can be scored). */
  public boolean hasIds() {
    return hasIds;
  }

  /** Whether any search carries a group (wrong hits can be counted). */
  public boolean hasGroups() {
    return hasGroups;
  }

  /** Position of the next search served by the same entry as search i, or {@link #NEVER}. */
  public int nextUse(int i) {
    int[] n = nextUse;
    if (n == null) {
      n = nextUse = computeNextUse();
    }
    return n[i];
  }

  private int[] computeNextUse() {
    int[] next = new int[records.length];
    int[] seen = new int[keys];
    Arrays.fill(seen, NEVER);
    // Keys seen (going backwards) since the last write of each scope, to forget them at that write.
    List<List<Integer>> seenByScope = new ArrayList<>(scopes);
    for (int s = 0; s < scopes; s++) {
      seenByScope.add(new ArrayList<>());
    }
    for (int i = records.length - 1; i >= 0; i--) {
      int scope = scopeIds[i];
      if (records[i].write()) {
        next[i] = NEVER;
        List<Integer> touched = seenByScope.get(scope);
        for (int k : touched) {
          seen[k] = NEVER;
        }
        touched.clear();
        continue;
      }
      int k = keyIds[i];
      next[i] = seen[k];
      if (seen[k] == NEVER) {
        seenByScope.get(scope).add(k);
      }
      seen[k] = i;
    }
    return next;
  }
}
