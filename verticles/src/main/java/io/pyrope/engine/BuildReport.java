package io.pyrope.engine;

/**
 * The outcome of one rebuild of an index.
 *
 * @param tailRows live rows in the new tail (for a Flat index: in the compacted head)
 * @param headRows rows written during the build, carried over into the fresh head
 * @param trainRows rows the factory was trained on, 0 when it needs no training
 * @param droppedRows dead rows (deleted or replaced) left behind by the rebuild
 * @param millis wall time of the build
 */
public record BuildReport(int tailRows, int headRows, int trainRows, int droppedRows, long millis) {}
