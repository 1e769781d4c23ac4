package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pyrope.engine.filter.RandomFilters.Expr;
import io.pyrope.engine.filter.RandomFilters.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random expressions in random spellings, on random records, against the reference evaluator in
 * {@link RandomFilters}. Seeds are fixed so a failure reproduces; the message carries the text.
 */
class RandomizedEquivalenceTest {
  private static final int EXPRESSIONS = 4000;
  private static final int ROWS = 200;

  @Test
  void parsedFiltersAgreeWithTheReferenceEvaluator() {
    RandomFilters gen = new RandomFilters(20240601L);
    List<Row> rows = rows(gen);
    for (int i = 0; i < EXPRESSIONS; i++) {
      Expr e = gen.expr(4);
      String text = gen.render(e);
      Filter f = FilterParser.parse(text);
      for (Row r : rows) {
        assertEquals(RandomFilters.eval(e, r), f.test(r.target()), () -> "filter: " + text + "\nrecord: " + r);
      }
    }
  }

  @Test
  void differentSpellingsOfOneExpressionGiveEqualFiltersAndKeys() {
    RandomFilters gen = new RandomFilters(7L);
    for (int i = 0; i < EXPRESSIONS; i++) {
      Expr e = gen.expr(4);
      String a = gen.render(e);
      String b = gen.render(e);
      Filter fa = FilterParser.parse(a);
      Filter fb = FilterParser.parse(b);
      assertEquals(fa, fb, () -> a + "\n" + b);
      assertEquals(fa.hashCode(), fb.hashCode(), () -> a + "\n" + b);
      assertEquals(fa.canonical(), fb.canonical(), () -> a + "\n" + b);
    }
  }

  @Test
  void canonicalTextRoundTripsAndEvaluatesTheSame() {
    RandomFilters gen = new RandomFilters(99L);
    List<Row> rows = rows(gen);
    for (int i = 0; i < EXPRESSIONS; i++) {
      String text = gen.render(gen.expr(4));
      Filter f = FilterParser.parse(text);
      String canonical = f.canonical();
      Filter again = FilterParser.parse(canonical);
      assertEquals(f, again, () -> text + "\n" + canonical);
      assertEquals(canonical, again.canonical(), () -> text);
      for (Row r : rows.subList(0, 20)) {
        assertEquals(f.test(r.target()), again.test(r.target()), () -> canonical + "\n" + r);
      }
    }
  }

  private static List<Row> rows(RandomFilters gen) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(gen.row());
    }
    return rows;
  }
}
