package io.pyrope.bench.workload;

import io.pyrope.bench.Latencies;
import io.pyrope.bench.Table;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The numbers of one workload run, from its outcomes (definitions in docs/benchmarks/README.md):
 * <ul>
 *   <li>hit rate per layer = hits served from L0 (or L1) / searches; searches avoided = hits;
 *   <li>proxy cost: each search's cost as TRACE reports it (a miss: the distance computations it
 *       made; a hit: those of the search that filled the entry, i.e. what it saved); saved share
 *       = Σ cost of hits / Σ cost of all searches;
 *   <li>recall@k of what was served against the uncached search of the same query, mean over all
 *       searches, over hits only and over misses only (verification on);
 *   <li>wrong hits ({@link HitJudge}): share = wrong / hits whose source query is known;
 *   <li>latency p50/p99 (client round trip of the TRACE'd search) of hits and of misses.
 * </ul>
 */
public final class WorkloadStats {
  private final int searches;
  private final int writes;
  private final long l0;
  private final long l1;
  private final Map<String, Long> decisions = new TreeMap<>();
  private final Map<StreamGenerator.Kind, long[]> byKind = new EnumMap<>(StreamGenerator.Kind.class); // {n, hits, wrong}
  private final Map<HitJudge.Verdict, Long> verdicts = new EnumMap<>(HitJudge.Verdict.class);
  private final long wrongLabelled;     // wrong hits whose pair is labelled 0
  private final long costAll;
  private final long costSaved;
  private final double recallAll;
  private final double recallHits;
  private final double recallMisses;
  private final Latencies.Summary hitLatency;
  private final Latencies.Summary missLatency;

  public WorkloadStats(List<StreamGenerator.Item> items, Outcome[] outcomes, HitJudge judge) {
    int s = 0;
    int w = 0;
    long h0 = 0;
    long h1 = 0;
    long labelled = 0;
    long all = 0;
    long saved = 0;
    double[] recall = new double[3];   // sums: all, hits, misses
    long[] verified = new long[3];
    Latencies hits = new Latencies();
    Latencies misses = new Latencies();
    for (HitJudge.Verdict v : HitJudge.Verdict.values()) {
      verdicts.put(v, 0L);
    }
    for (int i = 0; i < items.size(); i++) {
      StreamGenerator.Item it = items.get(i);
      if (!it.isSearch()) {
        w++;
        continue;
      }
      Outcome o = outcomes[i];
      s++;
      long[] kind = byKind.computeIfAbsent(it.kind(), k -> new long[3]);
      kind[0]++;
      decisions.merge(o.decision(), 1L, Long::sum);
      all += o.proxyCost();
      double r = o.recall();
      if (!Double.isNaN(r)) {
        recall[0] += r;
        verified[0]++;
      }
      if (o.hit()) {
        kind[1]++;
        saved += o.proxyCost();
        if ("l0".equals(o.layer())) {
          h0++;
        } else {
          h1++;
        }
        hits.record(o.latencyNanos());
        int from = o.servedFromItem() < 0 ? -1 : items.get(o.servedFromItem()).textId();
        HitJudge.Verdict v = judge.judge(it.textId(), from);
        verdicts.merge(v, 1L, Long::sum);
        if (v == HitJudge.Verdict.WRONG) {
          kind[2]++;
          if (judge.labelledDifferent(it.textId(), from)) {
            labelled++;
          }
        }
        if (!Double.isNaN(r)) {
          recall[1] += r;
          verified[1]++;
        }
      } else {
        misses.record(o.latencyNanos());
        if (!Double.isNaN(r)) {
          recall[2] += r;
          verified[2]++;
        }
      }
    }
    this.searches = s;
    this.writes = w;
    this.l0 = h0;
    this.l1 = h1;
    this.wrongLabelled = labelled;
    this.costAll = all;
    this.costSaved = saved;
    this.recallAll = verified[0] == 0 ? Double.NaN : recall[0] / verified[0];
    this.recallHits = verified[1] == 0 ? Double.NaN : recall[1] / verified[1];
    this.recallMisses = verified[2] == 0 ? Double.NaN : recall[2] / verified[2];
    this.hitLatency = hits.summarize();
    this.missLatency = misses.summarize();
  }

  public int searches() {
    return searches;
  }

  public long hits() {
    return l0 + l1;
  }

  public long l0Hits() {
    return l0;
  }

  public long l1Hits() {
    return l1;
  }

  public double recallAll() {
    return recallAll;
  }

  public double recallHits() {
    return recallHits;
  }

  public long wrongHits() {
    return verdicts.get(HitJudge.Verdict.WRONG);
  }

  /** Wrong hits over hits whose source is known; NaN without such hits. */
  public double wrongShare() {
    long known = hits() - verdicts.get(HitJudge.Verdict.UNKNOWN);
    return known == 0 ? Double.NaN : (double) wrongHits() / known;
  }

  private double rate(long n) {
    return searches == 0 ? 0 : (double) n / searches;
  }

  /** Two tables: the summary, and hits by query kind. */
  public void print(PrintStream out) {
    Table t = new Table("measure", "value");
    t.row("searches", searches);
    t.row("writes", writes);
    t.row("hit rate (all layers)", rate(hits()));
    t.row("hit rate L0 (exact)", rate(l0));
    t.row("hit rate L1 (SimHash)", rate(l1));
    t.row("searches avoided", hits());
    t.row("proxy cost, all searches", costAll);
    t.row("proxy cost saved", costSaved);
    t.row("proxy cost saved share", costAll == 0 ? null : (double) costSaved / costAll);
    t.row("recall@k served (all)", nan(recallAll));
    t.row("recall@k served (hits)", nan(recallHits));
    t.row("recall@k served (misses)", nan(recallMisses));
    t.row("wrong hits (other cluster)", wrongHits());
    t.row("  of which labelled 0", wrongLabelled);
    t.row("wrong-hit share", nan(wrongShare()));
    t.row("hits of unknown source", verdicts.get(HitJudge.Verdict.UNKNOWN));
    t.row("hit p50 us", hitLatency.count() == 0 ? null : hitLatency.p50() / 1e3);
    t.row("hit p99 us", hitLatency.count() == 0 ? null : hitLatency.p99() / 1e3);
    t.row("miss p50 us", missLatency.count() == 0 ? null : missLatency.p50() / 1e3);
    t.row("miss p99 us", missLatency.count() == 0 ? null : missLatency.p99() / 1e3);
    t.print(out);
    out.println();
    Table k = new Table("query kind", "searches", "hits", "hit rate", "wrong hits");
    byKind.forEach((kind, v) -> k.row(kind.name().toLowerCase(java.util.Locale.ROOT), v[0], v[1],
        v[0] == 0 ? null : (double) v[1] / v[0], v[2]));
    k.print(out);
    out.println();
    Table d = new Table("decision", "searches");
    decisions.forEach(d::row);
    d.print(out);
  }

  public JsonObject toJson() {
    JsonObject kinds = new JsonObject();
    byKind.forEach((kind, v) -> kinds.put(kind.name().toLowerCase(java.util.Locale.ROOT),
        new JsonObject().put("searches", v[0]).put("hits", v[1]).put("wrong_hits", v[2])));
    JsonObject verdictJson = new JsonObject();
    verdicts.forEach((v, n) -> verdictJson.put(v.name().toLowerCase(java.util.Locale.ROOT), n));
    return new JsonObject()
        .put("searches", searches)
        .put("writes", writes)
        .put("hits", hits())
        .put("hits_l0", l0)
        .put("hits_l1", l1)
        .put("hit_rate", round(rate(hits())))
        .put("hit_rate_l0", round(rate(l0)))
        .put("hit_rate_l1", round(rate(l1)))
        .put("searches_avoided", hits())
        .put("proxy_cost_all", costAll)
        .put("proxy_cost_saved", costSaved)
        .put("proxy_cost_saved_share", costAll == 0 ? null : round((double) costSaved / costAll))
        .put("recall_at_k_all", json(recallAll))
        .put("recall_at_k_hits", json(recallHits))
        .put("recall_at_k_misses", json(recallMisses))
        .put("wrong_hits", wrongHits())
        .put("wrong_hits_labelled_0", wrongLabelled)
        .put("wrong_hit_share", json(wrongShare()))
        .put("hit_verdicts", verdictJson)
        .put("decisions", new JsonObject(new java.util.LinkedHashMap<>(decisions)))
        .put("by_kind", kinds)
        .put("latency_us", new JsonObject().put("hit", latency(hitLatency)).put("miss", latency(missLatency)));
  }

  private static JsonObject latency(Latencies.Summary s) {
    return new JsonObject().put("count", s.count()).put("p50", s.p50() / 1e3).put("p99", s.p99() / 1e3)
        .put("mean", Math.round(s.mean() / 100) / 10.0);
  }

  private static Double nan(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static Double json(double d) {
    return Double.isNaN(d) ? null : round(d);
  }

  private static double round(double d) {
    return Math.round(d * 1e6) / 1e6;
  }
}
