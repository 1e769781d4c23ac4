package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HintsTest {

  private static Filter f(String text) {
    return FilterParser.parse(text);
  }

  @Test
  void tagOnlyFiltersAreRecognised() {
    assertTrue(f("tag == 'a' or not (tag in ('b', 'c') and tag != 'd')").isTagOnly());
  }

  @Test
  void anyFieldConditionMakesAFilterNotTagOnly() {
    assertFalse(f("tag == 'a' and price < 3").isTagOnly());
    assertFalse(f("price < 3").isTagOnly());
  }

  @Test
  void referencedTagsIncludeNegatedOnes() {
    assertEquals(Set.of("a", "b", "c"), f("tag == 'a' or tag not in ('b', 'c') or x == 1").referencedTags());
  }

  @Test
  void candidateTagsOfATagTest() {
    assertEquals(Optional.of(Set.of("a", "b")), f("tag in ('a', 'b')").candidateTags());
  }

  @Test
  void candidateTagsOfAnAndTakeTheSmallestBound() {
    assertEquals(Optional.of(Set.of("c")), f("tag in ('a', 'b') and tag == 'c' and price < 3").candidateTags());
  }

  @Test
  void candidateTagsOfAnOrUniteTheBounds() {
    assertEquals(Optional.of(Set.of("a", "b")), f("tag == 'a' or (tag == 'b' and x == 1)").candidateTags());
  }

  @Test
  void noCandidateTagsWhenOneBranchIsUnbounded() {
    assertEquals(Optional.empty(), f("tag == 'a' or x == 1").candidateTags());
  }

  @Test
  void noCandidateTagsThroughANegation() {
    assertEquals(Optional.empty(), f("tag != 'a'").candidateTags());
    assertEquals(Optional.empty(), f("not (tag == 'a' or tag == 'b')").candidateTags());
  }

  @Test
  void termCountCountsConditionsNotValues() {
    assertEquals(3, f("tag in ('a', 'b') and (x in (1, 2, 3) or not y == 1)").termCount());
  }
}
