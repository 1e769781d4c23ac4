package io.pyrope.resp;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and the live client table shared by every RESP verticle instance of a node.
 *
 * <p>Threading: written from all event loops at once. Counters are {@link LongAdder}s (cheap
 * under contention, read rarely by INFO); the client table is a concurrent map keyed by client
 * id. Nothing here blocks.
 */
public final class NodeStats {
  /** When the node started, for INFO uptime. */
  public final long startMillis = System.currentTimeMillis();
  /** Connections accepted since start. */
  public final LongAdder connectionsReceived = new LongAdder();
  /** Connections refused because {@code resp.max-clients} was reached. */
  public final LongAdder connectionsRejected = new LongAdder();
  /** Commands executed (including ones that replied with an error). */
  public final LongAdder commandsProcessed = new LongAdder();
  /** Protocol errors that closed a connection. */
  public final LongAdder protocolErrors = new LongAdder();
  /** Bytes read from clients. */
  public final LongAdder netInputBytes = new LongAdder();
  /** Bytes written to clients. */
  public final LongAdder netOutputBytes = new LongAdder();

  private final AtomicLong nextClientId = new AtomicLong();
  private final ConcurrentHashMap<Long, ClientSession> clients = new ConcurrentHashMap<>();

  /** A new client id: unique for the life of the node, starting at 1 as in Redis. */
  public long newClientId() {
    return nextClientId.incrementAndGet();
  }

  void register(ClientSession session) {
    clients.put(session.id(), session);
  }

  void unregister(ClientSession session) {
    clients.remove(session.id());
  }

  public int connectedClients() {
    return clients.size();
  }

  public Collection<ClientSession> clients() {
    return clients.values();
  }
}
