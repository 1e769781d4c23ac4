package io.pyrope.kafka.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on one interface by binding to port 0 and releasing the socket, and checks
 * that a given port is free the same way.
 *
 * <p>There is a window between the release and the broker's own bind in which another process
 * could take the port; the broker then fails to start with "Address already in use" and the
 * caller may start again. The controller port cannot be left to the broker as port 0 because the
 * quorum voter list must name it before the broker starts.
 */
public final class FreePorts {
  private FreePorts() {}

  /** {@code count} distinct free ports on {@code host}: all sockets stay open until all are picked. */
  public static int[] pick(String host, int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      InetAddress address = InetAddress.getByName(host);
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, address);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host + ": " + e.getMessage(), e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a listening socket we own; nothing to recover.
        }
      }
    }
  }

  /**
   * True when {@code port} can be bound on {@code host} right now. Used before starting the broker:
   * Kafka treats a controller listener that fails to bind as a fatal fault and halts the JVM.
   */
  public static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
