package io.pyrope.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an immutable message object by reference inside one JVM. Messages that leave the
 * process (Kafka records, HTTP bodies) use their JSON Schemas instead; this codec refuses the
 * wire on purpose so that a message accidentally sent across a cluster fails loudly.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;

  private LocalCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers a local codec as the default codec of {@code type} on this event bus. */
  public static <T> void register(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new LocalCodec<>(type));
  }

  @Override
  public void encodeToWire(Buffer buffer, T o) {
    throw new UnsupportedOperationException(type.getName() + " is a local message and never leaves the JVM");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getName() + " is a local message and never leaves the JVM");
  }

  @Override
  public T transform(T o) {
    return o; // immutable: no copy within one JVM
  }

  @Override
  public String name() {
    return "local:" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
