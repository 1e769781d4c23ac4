package io.pyrope.bus.vec;

import java.util.Map;

/**
 * The answer to a {@link SnapshotRequest}: named fields (numbers, strings, lists and maps of
 * them) that RESP and HTTP render without knowing them — a snapshot's {@code id},
 * {@code records}, {@code wal_offset}…, or an index's stats after a LOAD or RESTORE.
 *
 * @param fields the fields, in display order
 */
public record SnapshotReply(Map<String, Object> fields) {}
