package io.pyrope.engine.impl;

import java.util.List;

/**
 * What one segment contributed to a search.
 *
 * @param hits at most k candidates, best first
 * @param strategy how the filter was applied on this segment
 * @param cost proxy cost spent on this segment (see {@link FactorySpec} and {@link SegmentSearcher})
 */
public record SegmentResult(List<Candidate> hits, FilterStrategy strategy, long cost) {}
