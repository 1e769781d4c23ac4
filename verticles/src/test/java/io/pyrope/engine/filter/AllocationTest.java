package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Filter.test runs once per candidate on the search path: it must not allocate. */
class AllocationTest {

  /** A record like the engine's: primitive numerics, meta values held already boxed. */
  private static final class Row implements FilterTarget {
    private static final Object YEAR = 2021;

    @Override
    public boolean hasTag(String tag) {
      return tag.equals("news");
    }

    @Override
    public double numeric(String field) {
      return field.equals("price") ? 7.5 : Double.NaN;
    }

    @Override
    public Object meta(String key) {
      return switch (key) {
        case "color" -> "red";
        case "year" -> YEAR;
        case "draft" -> Boolean.FALSE;
        case "owner" -> null;
        default -> MISSING;
      };
    }
  }

  @Test
  void evaluationDoesNotAllocate() {
    Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

    Filter f = FilterParser.parse("tag in ('news', 'blog') and price < 10 and color >= 'q' and year in (2020, 2021)"
        + " and draft != true and owner == null and not (missing > 3 or meta.missing in ('a', 1, true))");
    Row row = new Row();
    assertTrue(f.test(row), "every term is evaluated only if the whole filter holds");
    boolean sink = false;
    for (int i = 0; i < 200_000; i++) { // warm up so the measured loop runs compiled code
      sink ^= f.test(row);
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      sink ^= f.test(row);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 10_000, "allocated " + allocated + " bytes over 1M evaluations (sink " + sink + ")");
  }
}
