package io.pyrope.engine.filter;

import static io.pyrope.engine.filter.Rec.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TagConditionTest {

  @Test
  void equalsMatchesARecordCarryingTheTag() {
    assertTrue(matches("tag == \"red\"", Rec.tags("red", "big")));
  }

  @Test
  void equalsDoesNotMatchARecordWithoutTheTag() {
    assertFalse(matches("tag == \"red\"", Rec.tags("blue")));
  }

  @Test
  void equalsDoesNotMatchARecordWithNoTags() {
    assertFalse(matches("tag == 'red'", Rec.empty()));
  }

  @Test
  void singleEqualsSignIsEquality() {
    assertTrue(matches("tag = 'red'", Rec.tags("red")));
  }

  @Test
  void notEqualsIsTrueWhenTheTagIsAbsent() {
    assertTrue(matches("tag != 'red'", Rec.tags("blue")));
    assertTrue(matches("tag != 'red'", Rec.empty()));
  }

  @Test
  void notEqualsIsFalseWhenTheTagIsPresent() {
    assertFalse(matches("tag != 'red'", Rec.tags("red", "blue")));
  }

  @Test
  void sqlNotEqualsSpellingIsAccepted() {
    assertFalse(matches("tag <> 'red'", Rec.tags("red")));
  }

  @Test
  void inMatchesAnyListedTag() {
    assertTrue(matches("tag in ('red', 'blue')", Rec.tags("blue")));
    assertFalse(matches("tag in ('red', 'blue')", Rec.tags("green")));
  }

  @Test
  void notInMatchesWhenNoListedTagIsPresent() {
    assertTrue(matches("tag not in ('red', 'blue')", Rec.tags("green")));
    assertFalse(matches("tag not in ('red', 'blue')", Rec.tags("green", "red")));
  }

  @Test
  void tagsIsASynonymOfTag() {
    assertTrue(matches("tags == 'red'", Rec.tags("red")));
  }

  @Test
  void tagKeywordIsCaseInsensitive() {
    assertTrue(matches("TAG == 'red' AND Tags IN ('red')", Rec.tags("red")));
  }

  @Test
  void tagValuesAreCaseSensitive() {
    assertFalse(matches("tag == 'Red'", Rec.tags("red")));
  }

  @Test
  void tagIsNotConfusedWithAMetaKeyCalledTag() {
    Rec r = Rec.empty().meta("tag", "red");
    assertFalse(matches("tag == 'red'", r));
    assertTrue(matches("meta.tag == 'red'", r));
    assertTrue(matches("`tag` == 'red'", r));
  }
}
