package io.pyrope.engine;

import static io.pyrope.engine.Fixtures.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.FilterParser;
import io.pyrope.engine.filter.FilterTarget;
import io.pyrope.search.faiss.SearchParams;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filtered search on a synthetic set with tags, numeric fields and meta. On Flat every
 * strategy must equal brute force over the filtered live records (ids in order); on HNSW and
 * IVF no hit may fail the filter, and topK is filled when enough records match.
 */
class FilteredSearchTest {
  private static final int N = 60_000;
  private static final int DIM = 8;
  private static final int K = 20;
  private static final int QUERIES = 15;
  private static final String[] COLORS = {"red", "green", "blue"};
  /** Relative score difference under which two neighbours count as tied (float vs FAISS rounding). */
  private static final double TIE = 1e-5;

  private static IndexRegistry registry;
  private static VectorIndex flat;
  private static VectorIndex hnsw;
  private static VectorIndex ivf;
  private static final Map<String, Model> model = new HashMap<>();
  private static final List<float[]> queries = new ArrayList<>();

  /** The test's own copy of a record, for brute force. */
  record Model(String id, float[] vector, FilterTarget target) {}

  @BeforeAll
  static void load() throws Exception {
    registry = new IndexRegistry();
    flat = registry.create(create("flat", DIM, "l2", "Flat", Map.of()));
    hnsw = registry.create(create("hnsw", DIM, "l2", "HNSW16", Map.of()));
    ivf = registry.create(create("ivf", DIM, "l2", "IVF32,Flat", Map.of("head_max", "100000")));
    Random rnd = new Random(7);
    List<RecordInput> batch = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      String id = "r" + i;
      float[] v = Fixtures.randomVector(rnd, DIM);
      List<String> tags = List.of("c" + (i % 100), i % 2 == 0 ? "even" : "odd");
      Map<String, Double> numeric = Map.of("price", rnd.nextDouble() * 100);
      JsonObject meta = new JsonObject().put("color", COLORS[i % 3]).put("year", 2000 + i % 25);
      batch.add(new RecordInput(id, v, meta.encode(), tags, numeric));
      model.put(id, new Model(id, v, FilterTarget.of(new HashSet<>(tags), numeric, meta)));
      if (batch.size() == Limits.MAX_BATCH || i == N - 1) {
        flat.add(batch);
        hnsw.add(batch);
        ivf.add(batch);
        batch = new ArrayList<>();
      }
    }
    // A tenth deleted: filtered searches must skip dead rows as well.
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < N; i += 10) {
      deleted.add("r" + i);
      model.remove("r" + i);
    }
    for (int from = 0; from < deleted.size(); from += Limits.MAX_BATCH) {
      List<String> ids = deleted.subList(from, Math.min(deleted.size(), from + Limits.MAX_BATCH));
      flat.delete(ids);
      hnsw.delete(ids);
      ivf.delete(ids);
    }
    hnsw.build().get(60, TimeUnit.SECONDS);
    ivf.build().get(60, TimeUnit.SECONDS);
    for (int q = 0; q < QUERIES; q++) {
      queries.add(Fixtures.randomVector(rnd, DIM));
    }
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  @Test
  void selectiveTagFilterIsBruteForcedExactly() {
    assertExactOnFlat("tag == \"c7\"", "bruteforce");
  }

  @Test
  void selectiveMetaFilterIsBruteForcedExactly() {
    assertExactOnFlat("meta.year == 2003 and color != \"blue\"", "bruteforce");
  }

  @Test
  void mediumNumericFilterIsPrefilteredExactly() {
    assertExactOnFlat("price < 17", "prefilter");
  }

  @Test
  void wideFilterIsPostfilteredExactly() {
    assertExactOnFlat("price >= 10", "postfilter");
  }

  @Test
  void wideMetaFilterIsPostfilteredExactly() {
    assertExactOnFlat("tag == \"even\" or color in (\"red\", \"green\")", "postfilter");
  }

  @Test
  void filterMatchingNothingFindsNothing() {
    SearchReply r = flat.search(queries.get(0), K, FilterParser.parse("tag == \"nope\""), SearchParams.DEFAULTS, false);
    assertTrue(r.hits().isEmpty());
  }

  @Test
  void hnswNeverReturnsARecordFailingTheFilter() {
    for (String f : List.of("tag == \"c7\"", "price < 17", "price >= 10", "meta.year == 2003 and color != \"blue\"")) {
      assertOnlyMatches(hnsw, f);
    }
  }

  @Test
  void ivfNeverReturnsARecordFailingTheFilter() {
    for (String f : List.of("tag == \"c7\"", "price < 17", "price >= 10", "meta.year == 2003 and color != \"blue\"")) {
      assertOnlyMatches(ivf, f);
    }
  }

  private static void assertOnlyMatches(VectorIndex index, String filterText) {
    Filter filter = FilterParser.parse(filterText);
    for (float[] q : queries) {
      SearchReply r = index.search(q, K, filter, SearchParams.DEFAULTS, false);
      assertEquals(K, r.hits().size(), index.config().factory() + " " + filterText + " " + r.strategy());
      for (SearchReply.Hit h : r.hits()) {
        Model m = model.get(h.id());
        assertTrue(m != null, h.id() + " was deleted");
        assertTrue(filter.test(m.target()), h.id() + " fails " + filterText);
      }
    }
  }

  private static void assertExactOnFlat(String filterText, String expectedStrategy) {
    Filter filter = FilterParser.parse(filterText);
    for (float[] q : queries) {
      SearchReply r = flat.search(q, K, filter, SearchParams.DEFAULTS, false);
      assertEquals(expectedStrategy, r.strategy(), filterText);
      List<Scored> expected = bruteForce(q, filter);
      assertEquals(expected.size(), r.hits().size(), filterText);
      for (int i = 0; i < expected.size(); i++) {
        Scored e = expected.get(i);
        SearchReply.Hit h = r.hits().get(i);
        assertEquals(e.score, h.score(), TIE * Math.max(1, e.score), filterText + " score at " + i);
        boolean tied = (i > 0 && near(expected.get(i - 1).score, e.score))
            || (i + 1 < expected.size() && near(expected.get(i + 1).score, e.score));
        if (!tied) {
          assertEquals(e.id, h.id(), filterText + " rank " + i);
        }
      }
    }
  }

  private record Scored(String id, double score) {}

  private static List<Scored> bruteForce(float[] q, Filter filter) {
    List<Scored> all = new ArrayList<>();
    for (Model m : model.values()) {
      if (filter.test(m.target())) {
        double d = 0;
        for (int i = 0; i < DIM; i++) {
          double x = q[i] - m.vector()[i];
          d += x * x;
        }
        all.add(new Scored(m.id(), d));
      }
    }
    all.sort(Comparator.comparingDouble(Scored::score).thenComparing(Scored::id));
    return all.subList(0, Math.min(K, all.size()));
  }

  private static boolean near(double a, double b) {
    return Math.abs(a - b) <= TIE * Math.max(1, Math.abs(a));
  }
}
