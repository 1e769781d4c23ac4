package io.pyrope.ai.sim;

/**
 * How the {@code heuristic} policy replays the controller's warm path (see {@link HeuristicPolicy}).
 *
 * @param cadenceMs trace time between two table computations (the controller's {@code --publish-ms})
 * @param windowMs the feature store's long window (the controller's {@code --window-ms})
 * @param maxKeys keys the feature store tracks (the controller's {@code --max-keys})
 */
public record HeuristicSettings(long cadenceMs, long windowMs, int maxKeys) {
  /** The controller's default cadence (ControllerOptions.DEFAULT_PUBLISH_MS; a test keeps them equal). */
  public static final long DEFAULT_CADENCE_MS = 30_000;
  /** The controller's default window (ControllerOptions.DEFAULT_WINDOW_MS). */
  public static final long DEFAULT_WINDOW_MS = 600_000;
  /** Shortest cadence (the controller's ControllerOptions.MIN_PUBLISH_MS). */
  public static final long MIN_CADENCE_MS = 100;
  /** As the controller runs by default. */
  public static final HeuristicSettings DEFAULTS = new HeuristicSettings(DEFAULT_CADENCE_MS, DEFAULT_WINDOW_MS,
      io.pyrope.ai.features.FeatureStore.DEFAULT_MAX_KEYS);

  public HeuristicSettings {
    if (cadenceMs < MIN_CADENCE_MS) {
      throw new IllegalArgumentException("heuristic cadence must be at least " + MIN_CADENCE_MS + " ms, got "
          + cadenceMs);
    }
    if (windowMs < io.pyrope.ai.features.FeatureStore.MIN_WINDOW_MS) {
      throw new IllegalArgumentException("heuristic window must be at least "
          + io.pyrope.ai.features.FeatureStore.MIN_WINDOW_MS + " ms, got " + windowMs);
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("heuristic maxKeys must be at least 1, got " + maxKeys);
    }
  }

  /** These settings with another cadence. */
  public HeuristicSettings withCadence(long ms) {
    return new HeuristicSettings(ms, windowMs, maxKeys);
  }
}
