package io.pyrope.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ai.* keys: defaults, accepted values, and errors that name the key and what it accepts. */
class AiConfigKeysTest {
  @Test
  void defaults() {
    PyropeConfig c = ConfigLoader.load(List.of(), Map.of());
    assertEquals(true, c.get(ConfigKeys.AI_POLICY_UPDATES));
    assertEquals("pyrope.policy", c.get(ConfigKeys.AI_POLICY_TOPIC));
    assertEquals(120_000L, c.get(ConfigKeys.AI_POLICY_DEADLINE_MS));
    assertEquals(0.05, c.get(ConfigKeys.AI_GUARD_HIT_MARGIN));
    assertEquals(1.5, c.get(ConfigKeys.AI_GUARD_P99_RATIO));
    assertEquals("static", c.get(ConfigKeys.AI_FALLBACK));
  }

  @Test
  void valuesAreParsed() {
    PyropeConfig c = ConfigLoader.load(List.of("--ai.guard-hit-margin=0.2", "--ai.fallback=LRU",
        "--ai.policy-updates=off"), Map.of("PYROPE_AI_GUARD_MIN_LOOKUPS", "50"));
    assertEquals(0.2, c.get(ConfigKeys.AI_GUARD_HIT_MARGIN));
    assertEquals("lru", c.get(ConfigKeys.AI_FALLBACK));
    assertEquals(false, c.get(ConfigKeys.AI_POLICY_UPDATES));
    assertEquals(50L, c.get(ConfigKeys.AI_GUARD_MIN_LOOKUPS));
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAccepted() {
    refused("--ai.fallback=auto", "ai.fallback", "static or lru");
    refused("--ai.guard-hit-margin=NaN", "ai.guard-hit-margin", "a number from 0 to 1");
    refused("--ai.guard-hit-margin=1.5", "ai.guard-hit-margin", "out of range");
    refused("--ai.guard-p99-ratio=0.5", "ai.guard-p99-ratio", "a number from 1 to 1000");
    refused("--ai.policy-deadline-ms=10", "ai.policy-deadline-ms", "an integer from 100 to 86400000");
    refused("--ai.guard-min-lookups=0", "ai.guard-min-lookups", "out of range");
    refused("--ai.policy-topic=bad topic", "ai.policy-topic", "a Kafka topic name");
  }

  private static void refused(String flag, String key, String inMessage) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(flag), Map.of()));
    assertTrue(e.getMessage().startsWith(key + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(inMessage), e.getMessage());
  }
}
