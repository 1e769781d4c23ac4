package io.pyrope.bus.vec;

import io.pyrope.bus.LocalCodec;
import io.vertx.core.eventbus.EventBus;

/** Registers the local codecs of the snapshot messages; call once per Vert.x instance (next to {@link Codecs}). */
public final class DurabilityCodecs {
  private DurabilityCodecs() {}

  public static void register(EventBus bus) {
    LocalCodec.register(bus, SnapshotRequest.class);
    LocalCodec.register(bus, SnapshotReply.class);
  }
}
