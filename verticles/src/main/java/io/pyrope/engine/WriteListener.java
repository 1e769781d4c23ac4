package io.pyrope.engine;

import java.util.List;

/**
 * Told about every write that changed an index, with what it changed. The result cache's
 * precise invalidation is the listener today; anything that must react to a write before the
 * writer is acknowledged can be one.
 *
 * <p><b>Threading.</b> Called on the writing thread, <em>while the index's write lock is held</em>,
 * after the epoch was bumped to {@code newEpoch} and before the write is acknowledged: writes to
 * one index are reported one at a time and in epoch order ({@code newEpoch} is always the
 * previous call's plus one). A listener must be quick, must not block, must not write to the
 * index (it would run nested inside this write) and should not throw; an exception is logged and swallowed so that a listener can never fail a
 * write that is already applied.
 */
@FunctionalInterface
public interface WriteListener {
  /**
   * @param index the index written
   * @param newEpoch its epoch after this write
   * @param added records stored by this write (adds, and the new versions of upserts)
   * @param removed versions this write replaced or deleted (their ids are what changed)
   */
  void afterWrite(VectorIndex index, long newEpoch, List<VectorRecord> added, List<VectorRecord> removed);
}
