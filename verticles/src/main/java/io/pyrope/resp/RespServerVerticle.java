package io.pyrope.resp;

import io.pyrope.resp.command.ServerInfo;
import io.pyrope.security.Tls;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The RESP ingress: a TCP listener speaking RESP2/RESP3 to ordinary Redis clients. Deployed with
 * one instance per event loop; Vert.x spreads the connections of the shared port across them.
 * Each connection is a {@link RespConnection}; commands are checked and run by the shared
 * {@code CommandRegistry}, and those that need other verticles reach them over the event bus.
 *
 * <p>Stopping closes the listener first, then lets every connection finish its pending replies
 * for up to the drain time before the sockets are closed.
 */
public final class RespServerVerticle extends VerticleBase {
  private final ServerInfo server;
  private final String host;
  private final int port;
  private final long drainMillis;
  /** TLS settings, or null for plain TCP. */
  private final Tls tls;
  private NetServer netServer;

  public RespServerVerticle(ServerInfo server, String host, int port, long drainMillis) {
    this(server, host, port, drainMillis, null);
  }

  /** @param tls TLS (and mTLS) for the listener; null for plain TCP */
  public RespServerVerticle(ServerInfo server, String host, int port, long drainMillis, Tls tls) {
    this.server = server;
    this.host = host;
    this.port = port;
    this.drainMillis = drainMillis;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    NetServerOptions options = new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
        .setReuseAddress(true);
    if (tls != null) {
      tls.applyTo(options);
    }
    netServer = vertx.createNetServer(options).connectHandler(socket -> {
      if (server.stats().connectedClients() >= server.maxClients()) {
        RespConnection.refuse(socket, server.stats());
        return;
      }
      new RespConnection(socket, vertx, server).start();
    });
    return netServer.listen();
  }

  @Override
  public Future<?> stop() {
    return netServer == null ? Future.succeededFuture() : netServer.shutdown(drainMillis, TimeUnit.MILLISECONDS);
  }
}
