package io.pyrope.bus.vec;

import io.pyrope.bus.LocalCodec;
import io.vertx.core.eventbus.EventBus;

/** Registers the local codecs of every vector message; call once per Vert.x instance. */
public final class Codecs {
  private Codecs() {}

  public static void register(EventBus bus) {
    for (Class<?> c : new Class<?>[] {IndexRef.class, CreateIndexRequest.class, WriteRequest.class,
        WriteReply.class, GetRequest.class, RecordView.class, SearchRequest.class, SearchReply.class,
        IndexStats.class, ListIndexesRequest.class, IndexList.class}) {
      LocalCodec.register(bus, c);
    }
  }
}
