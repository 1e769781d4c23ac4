package io.pyrope.bus.vec;

import java.util.List;

/**
 * The reply to {@link ListIndexesRequest}: each index's stats, ordered by tenant then name.
 *
 * @param indexes the stats of each index
 */
public record IndexList(List<IndexStats> indexes) {}
