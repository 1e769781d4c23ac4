package io.pyrope.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Turns a configured port of 0 into a concrete free port before the servers start. Several
 * verticle instances share one listener port, so they must all be given the same number; asking
 * the OS once here is simpler than reconciling per-instance random ports.
 */
final class FreePort {
  private FreePort() {}

  static int resolve(int configured) {
    if (configured != 0) {
      return configured;
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
