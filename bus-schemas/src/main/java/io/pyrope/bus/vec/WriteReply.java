package io.pyrope.bus.vec;

/**
 * The outcome of a write.
 *
 * @param applied records added, replaced or deleted
 * @param epoch the index epoch after the write (every write bumps it; caches key on it)
 */
public record WriteReply(int applied, long epoch) {}
