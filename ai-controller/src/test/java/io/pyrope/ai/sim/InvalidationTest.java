package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A write to a tenant/index drops every entry of it, under every policy; other indexes keep theirs. */
class InvalidationTest {
  static final java.util.List<String> POLICIES = Policies.ALL;

  @ParameterizedTest
  @FieldSource("POLICIES")
  void aWriteInvalidatesItsIndexOnly(String name) {
    // docs: A B A' (A' hits); other: X; write to docs; A, B miss (invalidated); X hits.
    // Every key is used again after the write, so even Belady stores A, B and X.
    Trace t = Traces.of(Traces.search(0, "A", 10, 1), Traces.search(1, "B", 10, 1), Traces.search(2, "A", 10, 1),
        Traces.searchIn(3, "other", "X", 10, 1), Traces.write(4, Traces.INDEX), Traces.search(5, "A", 10, 1),
        Traces.search(6, "B", 10, 1), Traces.searchIn(7, "other", "X", 10, 1), Traces.search(8, "A", 10, 1));
    CachePolicy p = Policies.create(name, t, 100, 1_000_000, LiveTable.defaults());
    String got = Traces.replay(p, t);
    // Belady does not store B at 1 (its next use comes after the write: never) — still a miss at 6.
    assertEquals("MMHMWMMHH", got, name);
  }
}
