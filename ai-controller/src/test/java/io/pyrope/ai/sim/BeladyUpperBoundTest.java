package io.pyrope.ai.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: with equal sizes Belady (with bypass) is the optimum, so no policy gets more hits on
 * any trace. Random traces: skewed key popularity, a few writes, several capacities.
 */
class BeladyUpperBoundTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void noPolicyBeatsBeladyWithEqualSizes(long seed) {
    Random rnd = new Random(seed);
    int keys = 5 + rnd.nextInt(60);
    boolean writes = seed % 2 == 0;
    List<TraceRecord> list = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      if (writes && rnd.nextInt(100) == 0) {
        list.add(Traces.write(i, "i" + rnd.nextInt(2)));
        continue;
      }
      // squaring a uniform draw skews towards small key numbers
      double u = rnd.nextDouble();
      int k = (int) (u * u * keys);
      list.add(Traces.searchIn(i, "i" + (k % 2), "k" + k, 1 + rnd.nextInt(100), 1));
    }
    Trace t = Trace.of("random-" + seed, list);
    LiveTable liveTable = LiveTable.fromJson(new io.vertx.core.json.JsonObject(
        "{\"eviction\":\"score\",\"rules\":[{\"admit\":\"always\",\"ttl_ms\":0}]}"));
    for (long capacity : new long[] {1, 3, 8, 20}) {
      long best = Simulator.run(t, new BeladyPolicy(t, capacity), 0, new Progress(null)).hits();
      for (String p : Policies.ALL) {
        if (p.equals("belady")) {
          continue;
        }
        CachePolicy policy = Policies.create(p, t, capacity, 50, liveTable);
        long hits = Simulator.run(t, policy, 0, new Progress(null)).hits();
        assertTrue(hits <= best, p + " got " + hits + " hits > belady's " + best + " (seed " + seed + ", capacity "
            + capacity + ")");
      }
      long demand = Simulator.run(t, new BeladyPolicy(t, capacity, false), 0, new Progress(null)).hits();
      assertTrue(demand <= best, "demand Belady " + demand + " > bypass Belady " + best);
    }
  }
}
