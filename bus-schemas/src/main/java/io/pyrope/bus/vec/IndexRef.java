package io.pyrope.bus.vec;

/**
 * Names one index of one tenant, with an operation for messages that need no other arguments.
 *
 * @param tenant tenant name, {@code [A-Za-z0-9_-]+}
 * @param index index name, {@code [A-Za-z0-9_-]+}
 * @param op what to do with it
 */
public record IndexRef(String tenant, String index, Op op) {
  /** Operations addressed by name only. */
  public enum Op {
    DROP,
    STATS,
    BUILD
  }
}
