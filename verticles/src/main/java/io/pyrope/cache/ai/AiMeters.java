package io.pyrope.cache.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The guardrail's meters:
 * <ul>
 *   <li>{@code vector_db_ai_fallback_total{reason}} — deadline, invalid, regression, operator
 *       (every reason registered at start, so alerts see a zero before the first one);
 *   <li>{@code vector_db_ai_policy_mode{mode}} — 1 for the current mode, 0 for the others;
 *   <li>{@code vector_db_ai_table_age_seconds} — since the last valid AI table record arrived
 *       (NaN before the first);
 *   <li>{@code vector_db_ai_policy_model{model_version}} — 1, labelled with the model of the table
 *       in force (one series at a time: the previous one is removed on a change).
 * </ul>
 * Thread-safe: counters are, and the model series is changed under this object's lock.
 */
final class AiMeters {
  static final String FALLBACKS = "vector_db_ai_fallback_total";
  static final String MODE = "vector_db_ai_policy_mode";
  static final String AGE = "vector_db_ai_table_age_seconds";
  static final String MODEL = "vector_db_ai_policy_model";

  /** Why the node left (or refused) an AI table. */
  enum Reason {
    DEADLINE, INVALID, REGRESSION, OPERATOR;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Map<Reason, Counter> fallbacks = new EnumMap<>(Reason.class);
  private Gauge model;           // the series of the model in force
  private String modelVersion;   // its label

  AiMeters(MeterRegistry registry, Supplier<PolicyMode> mode, DoubleSupplier ageSeconds) {
    this.registry = registry;
    for (Reason r : Reason.values()) {
      fallbacks.put(r, Counter.builder(FALLBACKS).description("Times the node refused or left an AI policy table, by reason")
          .tag("reason", r.wireName()).register(registry));
    }
    for (PolicyMode m : PolicyMode.values()) {
      Gauge.builder(MODE, () -> mode.get() == m ? 1 : 0).description("The policy mode: 1 for the current one")
          .tag("mode", m.wireName()).register(registry);
    }
    Gauge.builder(AGE, ageSeconds::getAsDouble).description("Seconds since the last valid AI policy table arrived")
        .register(registry);
  }

  void fallback(Reason r) {
    fallbacks.get(r).increment();
  }

  long fallbacks(Reason r) {
    return (long) fallbacks.get(r).count();
  }

  /** Labels the model series with the model of the table now in force. */
  synchronized void model(String version) {
    if (version.equals(modelVersion)) {
      return;
    }
    if (model != null) {
      registry.remove(model);
    }
    modelVersion = version;
    model = Gauge.builder(MODEL, () -> 1).description("The model that made the policy table in force")
        .tag("model_version", version).register(registry);
  }
}
