package io.pyrope.node;

import io.vertx.core.transport.Transport;

/**
 * Picks the socket transport from {@code net.transport}. Netty's native epoll transport is
 * cheaper per request than Java NIO (edge-triggered epoll, eventfd wake-ups, fewer copies and
 * allocations per read), which is most of what a cache hit or a PING costs; NIO stays selectable
 * and is what {@code auto} falls back to where the native library cannot load (not Linux x86-64,
 * or a locked-down /tmp).
 */
final class NetTransport {
  private NetTransport() {}

  /**
   * @param setting auto, epoll or nio (already validated by the config key)
   * @throws IllegalStateException when epoll is asked for and cannot load, with the reason
   */
  static Transport choose(String setting) {
    switch (setting) {
      case "nio":
        return Transport.NIO;
      case "epoll":
        if (!Transport.EPOLL.available()) {
          throw new IllegalStateException("net.transport=epoll but the epoll transport cannot load: "
              + Transport.EPOLL.unavailabilityCause());
        }
        return Transport.EPOLL;
      default:
        return Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    }
  }
}
