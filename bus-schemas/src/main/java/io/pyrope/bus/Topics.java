package io.pyrope.bus;

/**
 * Names of the Kafka topics Pyrope reads and writes. Their settings (partitions, retention,
 * compaction) are declared in the kafka module; the record layouts are JSON Schemas under
 * {@code schemas/topics/} in this module's resources.
 */
public final class Topics {
  /** Write-ahead log: every write, keyed by tenant/index so one index keeps its order. */
  public static final String WAL = "pyrope.wal";
  /** One record per search, for the ai-controller's features. */
  public static final String QUERY_LOG = "pyrope.query-log";
  /** One record per cache policy decision, and the outcome of each cached entry. */
  public static final String DECISION_LOG = "pyrope.decision-log";
  /** Policy tables published by the ai-controller; compacted, newest per key wins. */
  public static final String POLICY = "pyrope.policy";
  /** Audit records of management operations. */
  public static final String AUDIT = "pyrope.audit";
  /** Metering records per tenant for billing. */
  public static final String METERING = "pyrope.metering";

  private Topics() {}
}
