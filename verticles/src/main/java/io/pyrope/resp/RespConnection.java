package io.pyrope.resp;

import io.pyrope.resp.command.CommandContext;
import io.pyrope.resp.command.CommandHandler;
import io.pyrope.resp.command.CommandRegistry;
import io.pyrope.resp.command.ServerInfo;
import io.pyrope.resp.protocol.RespCommand;
import io.pyrope.resp.protocol.RespEncoder;
import io.pyrope.resp.protocol.RespLimits;
import io.pyrope.resp.protocol.RespRequestHandler;
import io.pyrope.resp.protocol.RespRequestParser;
import io.pyrope.resp.protocol.RespValue;
import io.pyrope.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket: parses requests, dispatches each command, and writes replies in request
 * order however the commands complete.
 *
 * <p>Threading: every method runs on the socket's event loop (Vert.x calls handlers there, and
 * command futures complete there because commands reply through the event bus to this context).
 * So no field needs synchronisation.
 *
 * <p>Pipelining: a client may send many commands before reading. Replies that complete at once
 * while nothing is pending are encoded straight into {@link #out}; otherwise a {@link Slot} keeps
 * the request's place in {@link #pending} until its reply arrives. Everything encoded while one
 * network read is processed goes out in one write, so a pipeline of N cache hits costs one
 * syscall rather than N.
 *
 * <p>Ordering: a client expects what it wrote to be visible to its next command, as in Redis.
 * Every command is one of three kinds ({@link Order}), and a command starts only when the kinds in
 * flight allow it and every command before it has started:
 * <ul>
 *   <li>reads (everything that does not {@linkplain CommandHandler#mutates() mutate}) run together
 *       (a pipeline of searches uses every worker), never alongside a write;
 *   <li>data writes ({@linkplain CommandHandler#concurrentWrite() VEC.ADD, VEC.UPSERT, VEC.DEL})
 *       run together, never alongside a read or a barrier: a pipelined bulk load overlaps its
 *       Kafka round trips instead of paying them one after another;
 *   <li>barriers (every other mutating command: VEC.CREATE, DROP, BUILD, SNAPSHOT, RESTORE) run
 *       alone.
 * </ul>
 * So a read sees every write sent before it and none sent after it, and a barrier sees every
 * command before it completed. Running data writes together is safe because their path keeps the
 * connection's order by itself: they are sent on the event bus from this one event loop (the bus
 * delivers one sender's messages in order), tagged with the connection, and the search verticle
 * starts a connection's tagged writes one after another; each joins its index's WAL lane (or, with
 * the WAL off, is applied) before the next starts, and a lane is sent to Kafka and applied in
 * its order. Each write still gets its own reply, success or error, in its own place
 * (docs/durability.md, "Order of one connection's writes").
 *
 * <p>Backpressure: reading pauses when {@code resp.max-pipeline} replies are pending or the
 * socket's write queue is full, and resumes when both have drained. A client that never reads
 * its replies therefore stalls itself, not the node.
 *
 * <p>Closing: QUIT and protocol errors close after the replies before them are written; a server
 * shutdown stops reading, lets pending replies finish, then closes.
 */
final class RespConnection implements RespRequestHandler, CommandContext {
  private static final Logger LOG = LoggerFactory.getLogger(RespConnection.class);
  /** Initial size of the per-read output buffer. */
  private static final int OUT_BUFFER_SIZE = 4096;

  private final NetSocket socket;
  private final Vertx vertx;
  private final ServerInfo server;
  private final NodeStats stats;
  private final RespRequestParser parser;
  private final ClientSession session;
  private final int maxPipeline;

  /** Replies that must wait for an earlier one, in request order. */
  private final ArrayDeque<Slot> pending = new ArrayDeque<>();
  /** Commands not yet started because of write ordering, in arrival order. */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** Commands started and not yet answered. */
  private int inFlight;
  /** Of those, data writes ({@link Order#WRITE}). */
  private int writesInFlight;
  /** A barrier of this connection is running: everything after it waits. */
  private boolean barrierInFlight;
  /** Replies encoded but not yet written; written once per read. */
  private Buffer out = Buffer.buffer(OUT_BUFFER_SIZE);
  /** True while a network read is being parsed: writes are deferred to its end. */
  private boolean inRead;
  /** Set by QUIT during dispatch: the current command's reply is the last one. */
  private boolean closeRequested;
  /** No more commands are read or run: QUIT, protocol error, or shutdown. */
  private boolean closing;
  /** The socket is closed; late replies are dropped. */
  private boolean closed;
  /** Reading is paused because too many replies are pending. */
  private boolean pausedForPipeline;
  /** Reading is paused because the socket's write queue is full. */
  private boolean pausedForWrites;

  /** How a command orders with the commands around it on this connection. */
  private enum Order {
    /** Does not change data: runs with other reads. */
    READ,
    /** A data write whose path keeps the connection's order: runs with other data writes. */
    WRITE,
    /** Any other change: runs alone. */
    BARRIER;

    static Order of(CommandRegistry.Registered command) {
      if (command == null || !command.handler().mutates()) {
        return READ;
      }
      return command.handler().concurrentWrite() ? WRITE : BARRIER;
    }
  }

  /** A command held back until the commands in flight allow it to start. */
  private record Waiting(RespCommand cmd, CommandRegistry.Registered command, Order order, Slot slot) {}

  /** A reply's place in line. */
  private static final class Slot {
    RespValue reply;
    int protocol;
    boolean closeAfter;
  }

  RespConnection(NetSocket socket, Vertx vertx, ServerInfo server) {
    this.socket = socket;
    this.vertx = vertx;
    this.server = server;
    this.stats = server.stats();
    this.maxPipeline = server.maxPipeline();
    this.session = new ClientSession(stats.newClientId(), socket.remoteAddress(), socket.localAddress(),
        server.auth().initialPrincipal());
    this.parser = new RespRequestParser(session.authenticated() ? server.limits() : RespLimits.UNAUTHENTICATED, this);
  }

  void start() {
    stats.register(session);
    stats.connectionsReceived.increment();
    socket.handler(this::onRead);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(t -> {
      LOG.debug("client {} socket error: {}", session.id(), t.toString());
      socket.close();
    });
    socket.drainHandler(v -> {
      pausedForWrites = false;
      resumeIfIdle();
    });
    socket.shutdownHandler(v -> {
      // The server is shutting down: finish what was asked, accept nothing new.
      closing = true;
      closeWhenDrained();
    });
  }

  /** Refuses a connection over the client limit with Redis's message, then closes. */
  static void refuse(NetSocket socket, NodeStats stats) {
    stats.connectionsRejected.increment();
    socket.write("-ERR max number of clients reached\r\n").onComplete(ar -> socket.close());
  }

  private void onRead(Buffer data) {
    stats.netInputBytes.add(data.length());
    if (closing) {
      return;
    }
    inRead = true;
    try {
      parser.feed(data);
    } finally {
      inRead = false;
    }
    flush();
  }

  @Override
  public void onCommand(RespCommand cmd) {
    if (closing) {
      return;
    }
    CommandRegistry.Registered command = server.commands().find(cmd);
    Order order = Order.of(command);
    if (waiting.isEmpty() && canRun(order)) {
      run(cmd, command, order, null);
      return;
    }
    // Held back by what is in flight: keep its place in the reply line now.
    Slot slot = newSlot();
    waiting.add(new Waiting(cmd, command, order, slot));
  }

  /** The rule of the class comment: reads together, data writes together, barriers alone. */
  private boolean canRun(Order order) {
    if (barrierInFlight) {
      return false;
    }
    return switch (order) {
      case READ -> writesInFlight == 0;
      case WRITE -> inFlight == writesInFlight; // no read in flight
      case BARRIER -> inFlight == 0;
    };
  }

  /** Starts the commands that were waiting, in arrival order, as far as the rule allows. */
  private void runWaiting() {
    while (!waiting.isEmpty() && !closing && canRun(waiting.peekFirst().order)) {
      Waiting w = waiting.pollFirst();
      run(w.cmd, w.command, w.order, w.slot);
    }
  }

  private void run(RespCommand cmd, CommandRegistry.Registered command, Order order, Slot reserved) {
    session.touch(cmd.name());
    stats.commandsProcessed.increment();
    inFlight++;
    if (order == Order.WRITE) {
      writesInFlight++;
    } else if (order == Order.BARRIER) {
      barrierInFlight = true;
    }
    Future<RespValue> f = server.commands().dispatch(this, cmd, command);
    boolean closeAfter = closeRequested;
    closeRequested = false;
    if (closeAfter) {
      closing = true;
    }
    if (reserved == null && f.isComplete() && pending.isEmpty()) {
      finished(order);
      encode(f.result(), session.protocol());
      if (closeAfter) {
        flush();
        closeWhenDrained();
      }
      return;
    }
    Slot slot = reserved == null ? newSlot() : reserved;
    slot.protocol = session.protocol();
    slot.closeAfter = closeAfter;
    f.onComplete(ar -> {
      slot.reply = ar.succeeded() ? ar.result() : RespValue.ErrorReply.err(String.valueOf(ar.cause().getMessage()));
      if (cmd.name().equals("HELLO")) {
        // HELLO answers in the protocol it selects, also when its AUTH completed later (throttled).
        slot.protocol = session.protocol();
      }
      finished(order);
      runWaiting();
      writeCompleted();
    });
  }

  private void finished(Order order) {
    inFlight--;
    if (order == Order.WRITE) {
      writesInFlight--;
    } else if (order == Order.BARRIER) {
      barrierInFlight = false;
    }
  }

  private Slot newSlot() {
    Slot slot = new Slot();
    slot.protocol = session.protocol();
    pending.add(slot);
    if (pending.size() >= maxPipeline && !pausedForPipeline) {
      pausedForPipeline = true;
      socket.pause();
    }
    return slot;
  }

  @Override
  public void onProtocolError(String message) {
    stats.protocolErrors.increment();
    LOG.debug("client {} ({}) protocol error: {}", session.id(), session.remote(), message);
    Slot slot = new Slot();
    slot.reply = RespValue.error("ERR " + message);
    slot.protocol = session.protocol();
    slot.closeAfter = true;
    pending.add(slot);
    // The parser ignores everything after this point; commands already accepted still get their
    // replies, then the error, then the close (closing is set when the error is written).
    writeCompleted();
  }

  /** Moves every completed reply at the head of the line into the output buffer. */
  private void writeCompleted() {
    while (!pending.isEmpty() && pending.peekFirst().reply != null) {
      Slot s = pending.pollFirst();
      encode(s.reply, s.protocol);
      if (s.closeAfter) {
        pending.clear();
        closing = true;
        break;
      }
    }
    if (!inRead) {
      flush();
    }
    if (pausedForPipeline && pending.size() < maxPipeline / 2 + 1) {
      pausedForPipeline = false;
      resumeIfIdle();
    }
    if (closing) {
      closeWhenDrained();
    }
  }

  private void encode(RespValue reply, int protocol) {
    RespEncoder.encode(reply, protocol, out);
  }

  private void flush() {
    if (out.length() == 0 || closed) {
      return;
    }
    Buffer b = out;
    out = Buffer.buffer(OUT_BUFFER_SIZE);
    stats.netOutputBytes.add(b.length());
    socket.write(b);
    if (socket.writeQueueFull() && !pausedForWrites) {
      pausedForWrites = true;
      socket.pause();
    }
  }

  private void resumeIfIdle() {
    if (!pausedForPipeline && !pausedForWrites && !closing && !closed) {
      socket.resume();
    }
  }

  private void closeWhenDrained() {
    if (pending.isEmpty() && !closed) {
      flush();
      closed = true;
      socket.close();
    }
  }

  private void onClosed() {
    closed = true;
    closing = true;
    pending.clear();
    waiting.clear();
    stats.unregister(session);
  }

  // --- CommandContext ---

  @Override
  public ClientSession session() {
    return session;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public ServerInfo server() {
    return server;
  }

  @Override
  public void closeAfterReply() {
    closeRequested = true;
  }

  @Override
  public void reset() {
    session.protocol(2);
    session.name("");
    session.bind(server.auth().initialPrincipal());
    if (server.auth().enabled()) {
      parser.limits(RespLimits.UNAUTHENTICATED);
    }
  }

  @Override
  public void authenticate(Principal principal) {
    session.bind(principal);
    parser.limits(principal == null ? RespLimits.UNAUTHENTICATED : server.limits());
  }
}
