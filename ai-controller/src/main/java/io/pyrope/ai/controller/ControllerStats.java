package io.pyrope.ai.controller;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The controller's own counters: records consumed, records skipped (by topic and reason),
 * traces written, tables published. Thread-safe (the consumer thread and the cadence thread
 * both write); read by tests and logged with every table.
 */
public final class ControllerStats {
  final AtomicLong queryRecords = new AtomicLong();     // query-log records applied
  final AtomicLong decisionRecords = new AtomicLong();  // decision-log records applied
  final AtomicLong traceRecords = new AtomicLong();     // trace lines written
  final AtomicLong traceErrors = new AtomicLong();      // failed trace writes
  final AtomicLong tablesPublished = new AtomicLong();  // table records acknowledged by Kafka
  final AtomicLong publishFailures = new AtomicLong();  // table records that failed
  final AtomicLong featureFiles = new AtomicLong();     // feature table files written
  final AtomicLong evaluationsPublished = new AtomicLong();  // evaluation records acknowledged by Kafka
  final AtomicLong evaluationFailures = new AtomicLong();    // evaluations that failed (file, trace or Kafka)
  final AtomicLong evaluationRounds = new AtomicLong();      // evaluation rounds completed
  private final ConcurrentHashMap<String, LongAdder> bad = new ConcurrentHashMap<>();  // "topic/reason" → count

  void bad(String topic, String reason) {
    bad.computeIfAbsent(topic + "/" + reason, k -> new LongAdder()).increment();
  }

  /** Skipped records by "topic/reason". */
  public Map<String, Long> badRecords() {
    TreeMap<String, Long> out = new TreeMap<>();
    bad.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** All skipped records. */
  public long badTotal() {
    return bad.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long queryRecords() {
    return queryRecords.get();
  }

  public long decisionRecords() {
    return decisionRecords.get();
  }

  public long traceRecords() {
    return traceRecords.get();
  }

  public long tablesPublished() {
    return tablesPublished.get();
  }

  public long evaluationsPublished() {
    return evaluationsPublished.get();
  }

  /** Evaluation rounds that went over every traced index. */
  public long evaluationRounds() {
    return evaluationRounds.get();
  }

  public long evaluationFailures() {
    return evaluationFailures.get();
  }

  public long featureFiles() {
    return featureFiles.get();
  }
}
