package io.pyrope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.search.faiss.SearchParams;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private static final Set<String> VALUED = Set.of("k", "index", "duration");
  private static final Set<String> FLAGS = Set.of("build");

  private static Options parse(String... args) {
    return Options.parse("search", List.of(args), VALUED, FLAGS);
  }

  private static String error(String... args) {
    return assertThrows(BenchException.class, () -> parse(args)).getMessage();
  }

  @Test
  void valuesFlagsAndEqualsForm() {
    Options o = parse("--k", "5", "--index=t/i", "--build");
    assertEquals(5, o.getInt("k", 10, 1, 100));
    assertEquals("t/i", o.require("index"));
    assertTrue(o.flag("build"));
    assertEquals(7, parse().getInt("k", 7, 1, 100));
    assertFalse(parse().flag("build"));
    assertEquals(2.5, parse("--duration", "2.5s").getSeconds("duration", 1), 1e-9);
  }

  @Test
  void badOptionsNameTheProblem() {
    assertTrue(error("--bogus", "1").contains("unknown option --bogus"));
    assertTrue(error("--k").contains("--k needs a value"));
    assertTrue(error("--k", "--build").contains("--k needs a value"));
    assertTrue(error("--k", "1", "--k", "2").contains("--k given twice"));
    assertTrue(error("stray").contains("unexpected argument 'stray'"));
    assertTrue(error("--build=yes").contains("--build takes no value"));
    assertTrue(assertThrows(BenchException.class, () -> parse("--k", "ten").getInt("k", 1, 1, 100))
        .getMessage().contains("must be an integer"));
    assertTrue(assertThrows(BenchException.class, () -> parse("--k", "0").getInt("k", 1, 1, 100))
        .getMessage().contains("must be in 1..100"));
    assertTrue(assertThrows(BenchException.class, () -> parse().require("index")).getMessage()
        .contains("--index is required"));
    assertTrue(assertThrows(BenchException.class, () -> parse("--duration", "-1").getSeconds("duration", 1))
        .getMessage().contains("positive number of seconds"));
  }

  @Test
  void specs() {
    assertEquals(new Specs.IndexName("bench", "qqp_1"), Specs.indexName("bench/qqp_1"));
    assertThrows(BenchException.class, () -> Specs.indexName("nochange"));
    assertThrows(BenchException.class, () -> Specs.indexName("a/b/c"));
    assertEquals("cosine", Specs.metric("COSINE"));
    assertThrows(BenchException.class, () -> Specs.metric("hamming"));

    assertEquals(new SearchParams(4, 64), Specs.searchParams("nprobe=4,ef=64"));
    assertEquals(SearchParams.DEFAULTS, Specs.searchParams(null));
    assertEquals(List.of("nprobe=4", "ef=64"), Specs.paramWords(new SearchParams(4, 64)));
    assertTrue(assertThrows(BenchException.class, () -> Specs.searchParams("probes=4")).getMessage()
        .contains("unknown search parameter 'probes'"));
    assertThrows(BenchException.class, () -> Specs.searchParams("ef=0"));
    assertThrows(BenchException.class, () -> Specs.searchParams("ef"));

    Specs.Sweep sweep = Specs.sweep("ef=16,32,64");
    assertEquals("ef", sweep.param());
    assertEquals(List.of(16, 32, 64), sweep.values());
    assertEquals(new SearchParams(8, 32), sweep.at(1, SearchParams.ofNprobe(8)));
    assertEquals(new SearchParams(4, 0), Specs.sweep("nprobe=1,4").at(1, SearchParams.DEFAULTS));
    assertThrows(BenchException.class, () -> Specs.sweep("ef=16,x"));
    assertThrows(BenchException.class, () -> Specs.sweep("16,32"));

    assertEquals(java.util.Map.of("head_max", "60000", "train_size", "5000"),
        Specs.keyValues("--params", "head_max=60000,TRAIN_SIZE=5000"));
  }

  @Test
  void planTakesRepeatOrDurationNotBoth() {
    Set<String> valued = Set.of("repeat", "duration", "warmup");
    Plan p = Plan.from(Options.parse("search", List.of(), valued, Set.of()));
    assertEquals(Plan.DEFAULT_REPEAT, p.repeat());
    assertFalse(p.timed());
    Plan d = Plan.from(Options.parse("search", List.of("--duration", "3", "--warmup", "0"), valued, Set.of()));
    assertTrue(d.timed());
    assertEquals(0, d.warmupPasses());
    assertThrows(BenchException.class,
        () -> Plan.from(Options.parse("search", List.of("--duration", "3", "--repeat", "2"), valued, Set.of())));
  }
}
