package io.pyrope.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare TCP client for sending exact bytes, good and bad, and reading raw replies. */
final class RawClient implements AutoCloseable {
  /** How long a read waits before the test gives up on a reply. */
  private static final int READ_TIMEOUT_MS = 5000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String s) throws IOException {
    send(s.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** Reads one CRLF-terminated line, without the CRLF. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after '" + line.toString(StandardCharsets.UTF_8) + "'");
      }
      if (prev == '\r' && c == '\n') {
        byte[] b = line.toByteArray();
        return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
      }
      line.write(c);
      prev = c;
    }
  }

  /** Reads exactly n bytes. */
  byte[] readBytes(int n) throws IOException {
    return in.readNBytes(n);
  }

  /** True when the server closed the connection (EOF) within the read timeout. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by peer
    }
  }

  /** Drops the connection without a goodbye. */
  void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
