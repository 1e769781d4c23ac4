package io.pyrope.wal;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.bus.wal.WalCodec;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexConfig;
import io.pyrope.engine.IndexConfigs;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.Names;
import io.pyrope.engine.VectorIndex;
import io.pyrope.kafka.KafkaClientFactory;
import io.pyrope.kafka.KafkaErrors;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable write path: every change is validated, appended to {@code pyrope.wal} with the
 * node's idempotent {@code acks=all} producer, and applied to the index only once Kafka has
 * acknowledged it; then the client is answered (DESIGN §6).
 *
 * <p><b>Lanes.</b> Each index ({@code tenant/index}, the record key) has a lane: a FIFO of the
 * records handed to the producer and not yet applied. A record joins the FIFO and is handed to
 * {@code send()} in one step on the single send thread, so the FIFO order is the send order,
 * which the idempotent producer keeps as the offset order within the key's partition. The lane
 * applies its head when Kafka has answered for it, then the next, so an index sees its writes
 * in log order — the order a replay will apply them in — while Kafka round trips of different
 * writes overlap: many connections, and the producer batches them (linger).
 *
 * <p><b>Callers' order.</b> A caller that needs its writes in its own order (a RESP connection
 * pipelining writes) calls {@link #write} for the next one only after the previous call returned:
 * the record then joins the send thread's FIFO, hence its lane, after the previous one. The
 * pre-log existence check of an ADD is skipped while its lane has records not yet applied (it
 * would see the index without them); the apply checks in log order anyway.
 *
 * <p><b>Threading.</b> {@link #write}/{@link #create}/{@link #drop} validate and encode on the
 * caller's worker thread, then queue the record for the send thread ({@value #SEND_THREAD_NAME}),
 * the only caller of {@code send()}: it blocks at most the producer's {@code max.block.ms}
 * (metadata or buffer space, i.e. Kafka unreachable), and then it blocks no search worker.
 * {@code send()} itself only copies the record into the producer's batch. Kafka completes
 * sends on its I/O thread; the callback only records the outcome and schedules a drain of the
 * lane on {@code applyExecutor}, never applying there. A drain runs at most once per lane at a
 * time ({@code draining} flag) and applies through {@link WalApplier} under the key's lock.
 *
 * <p><b>Failures.</b> After the producer's bounded retries (delivery timeout) a record fails:
 * the client gets {@code VEC_ERR_UNAVAILABLE} (Kafka down or slow) or {@code VEC_ERR_LIMIT}
 * (record rejected), and nothing is applied. A timeout is ambiguous — Kafka may have stored the
 * record after all — so such a write may still appear after a restart; it is never
 * acknowledged. A fatal producer error replaces the producer.
 *
 * <p><b>Rejected alternatives.</b> Applying before the ack (faster, but a crash loses an
 * acknowledged write or shows one that never reaches the log). One producer {@code flush()} per
 * write (a round trip each, no batching). Kafka transactions per write (two more round trips; a
 * bulk write is already one record, so it is all or nothing without them).
 */
public final class WalWriter implements WritePath, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalWriter.class);
  /** Producer client id. */
  public static final String CLIENT_ID = "pyrope-wal-writer";
  /** The thread that hands records to the producer. */
  public static final String SEND_THREAD_NAME = "pyrope-wal-send";
  /** How long close() lets the producer finish sends in flight. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<Producer<byte[], byte[]>> producers; // makes the producer (and its replacement)
  private final WalApplier applier;               // applies acknowledged records
  private final IndexRegistry registry;           // validation reads the current indexes
  private final Executor applyExecutor;           // runs lane drains (worker threads)
  private final Clock clock;                      // creation time of new index configs
  private final String topic;                     // the WAL topic
  private final int partitions;                   // WAL partition count, read once at start
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>(); // key -> lane; never removed
  private final ExecutorService sendThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, SEND_THREAD_NAME);
    t.setDaemon(true);
    return t;
  });                                             // the only caller of producer.send()
  private volatile Producer<byte[], byte[]> producer; // replaced after a fatal error
  private volatile boolean closed;

  /**
   * Creates the producer and reads the topic's partition count (blocks for Kafka's metadata, at
   * most the producer's {@code max.block.ms}).
   *
   * @param producers makes WAL producers (from the client factory); called again after a fatal error
   * @param topic the WAL topic ({@code wal.topic})
   */
  public WalWriter(Supplier<Producer<byte[], byte[]>> producers, String topic, WalApplier applier,
      Executor applyExecutor, Clock clock) {
    this.producers = producers;
    this.topic = topic;
    this.applier = applier;
    this.registry = applier.registry();
    this.applyExecutor = applyExecutor;
    this.clock = clock;
    this.producer = producers.get();
    try {
      this.partitions = producer.partitionsFor(topic).size();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /** The WAL partition of a key, as Kafka's default partitioner would choose it. */
  public static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  public String topic() {
    return topic;
  }

  /**
   * Keys with records handed to Kafka and not applied yet. Their records all come after the
   * key's applied position (a lane applies in offset order), or, for a key never applied, after
   * where recovery started reading: what a WAL checkpoint must not skip.
   */
  public Set<String> pendingKeys() {
    Set<String> out = new HashSet<>();
    lanes.forEach((k, lane) -> {
      if (!lane.queue.isEmpty()) {
        out.add(k);
      }
    });
    return out;
  }

  public int partitions() {
    return partitions;
  }

  // VEC.ADD / VEC.UPSERT / VEC.DEL tenant index …
  @Override
  public CompletableFuture<WriteReply> write(WriteRequest req) {
    // An ADD is checked against the ids present only when every record of its index handed over
    // before it has been applied: otherwise a DEL of the same id, pipelined just before it on the
    // same connection, may still be on its way and the check would refuse an ADD that is valid in
    // order. The apply checks again, in log order, either way.
    VectorIndex index = registry.get(req.tenant(), req.index()); // first: no lane for an index that does not exist
    boolean settled = lane(WalRecord.key(req.tenant(), req.index())).unapplied.get() == 0;
    VectorIndex.Validated validated = index.validate(req, settled);
    WalRecord r = req.kind() == WriteRequest.Kind.DELETE ? WalRecord.delete(req.tenant(), req.index(), req.ids())
        : WalRecord.put(req.kind() == WriteRequest.Kind.UPSERT, req.tenant(), req.index(), req.records());
    return append(r, validated).thenApply(WriteReply.class::cast);
  }

  // VEC.CREATE tenant index DIM d METRIC m [FACTORY f] [PARAMS …]
  @Override
  public CompletableFuture<IndexStats> create(CreateIndexRequest req) {
    Names.check("tenant", req.tenant());
    Names.check("index", req.index());
    if (registry.find(req.tenant(), req.index()).isPresent()) {
      throw new VecException(ErrorCode.VEC_ERR_EXISTS, "index " + Names.qualified(req.tenant(), req.index())
          + " already exists");
    }
    IndexConfig config = IndexConfigs.fromRequest(req, clock.millis());
    return append(WalRecord.create(req.tenant(), req.index(), config.toJson())).thenApply(IndexStats.class::cast);
  }

  // VEC.DROP tenant index
  @Override
  public CompletableFuture<IndexStats> drop(IndexRef ref) {
    registry.get(ref.tenant(), ref.index());
    return append(WalRecord.drop(ref.tenant(), ref.index())).thenApply(IndexStats.class::cast);
  }

  /**
   * Logs any record (RESTORE included) and applies it once Kafka acknowledged it.
   *
   * @return completes with the apply's reply, or exceptionally with a {@code VecException}
   */
  public CompletableFuture<Object> append(WalRecord r) {
    return append(r, null);
  }

  private CompletableFuture<Object> append(WalRecord r, VectorIndex.Validated validated) {
    if (closed) {
      throw new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "the node is stopping; write not accepted");
    }
    byte[] value = WalCodec.encode(r);
    if (value.length > KafkaClientFactory.WAL_MAX_RECORD_BYTES) {
      throw new VecException(ErrorCode.VEC_ERR_LIMIT, "write of " + value.length + " bytes in the log is over the "
          + KafkaClientFactory.WAL_MAX_RECORD_BYTES + " bytes a write may take; split it into smaller batches");
    }
    Lane lane = lane(r.key());
    Pending p = new Pending(r, validated);
    lane.unapplied.incrementAndGet(); // before the hand-over: the next write of the caller sees it
    try {
      sendThread.execute(() -> send(lane, p, value));
    } catch (RejectedExecutionException e) {
      lane.unapplied.decrementAndGet();
      throw new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "the node is stopping; write not accepted");
    }
    return p.reply;
  }

  private Lane lane(String key) {
    return lanes.computeIfAbsent(key, k -> new Lane(k, partitionOf(k, partitions)));
  }

  /** On the send thread: joins the lane's FIFO and hands the record to Kafka, in one step. */
  private void send(Lane lane, Pending p, byte[] value) {
    lane.queue.add(p); // before send(): the callback may run inside it
    try {
      producer.send(new ProducerRecord<>(topic, lane.partition, WalCodec.key(p.record), value), (md, ex) -> {
        p.finish(md, ex);
        scheduleDrain(lane);
      });
    } catch (RuntimeException e) {
      p.finish(null, e); // a closed producer or an interrupt: Kafka did not take the record
    }
    if (p.done) {
      scheduleDrain(lane);
    }
  }

  private void scheduleDrain(Lane lane) {
    if (lane.draining.compareAndSet(false, true)) {
      try {
        applyExecutor.execute(() -> drain(lane));
      } catch (RuntimeException e) {
        lane.draining.set(false);
        LOG.error("cannot schedule the WAL apply of {}: {}", lane.key, e.toString());
      }
    }
  }

  /** Applies the lane's answered head records, in order, until one is still waiting for Kafka. */
  private void drain(Lane lane) {
    while (true) {
      Pending p = lane.queue.peek();
      if (p == null || !p.done) {
        lane.draining.set(false);
        Pending again = lane.queue.peek(); // an answer may have come between peek and reset
        if (again != null && again.done && lane.draining.compareAndSet(false, true)) {
          continue;
        }
        return;
      }
      lane.queue.poll();
      try {
        complete(p, lane);
      } finally {
        lane.unapplied.decrementAndGet();
      }
    }
  }

  private void complete(Pending p, Lane lane) {
    if (p.error != null) {
      p.reply.completeExceptionally(failure(p.error, lane));
      return;
    }
    try {
      Object result = applier.apply(p.record, p.metadata.partition(), p.metadata.offset(), p.metadata.timestamp(),
          p.validated);
      if (result == null) {
        LOG.warn("{}: WAL offset {} was already applied; answering with the index's state", lane.key,
            p.metadata.offset());
        result = p.record.op() == WalRecord.Op.ADD || p.record.op() == WalRecord.Op.UPSERT
            || p.record.op() == WalRecord.Op.DELETE ? new WriteReply(0, 0) : null;
      }
      p.reply.complete(result);
    } catch (VecException e) {
      p.reply.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      LOG.error("{}: applying WAL offset {} failed", lane.key, p.metadata.offset(), e);
      p.reply.completeExceptionally(new VecException(ErrorCode.VEC_ERR_INTERNAL, "applying the logged write failed: "
          + e));
    }
  }

  /** The client's error for a failed append. */
  private VecException failure(Exception e, Lane lane) {
    if (e instanceof VecException v) {
      return v;
    }
    String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    switch (KafkaErrors.classify(e)) {
      case RECORD_REJECTED:
        return new VecException(ErrorCode.VEC_ERR_LIMIT, "the write-ahead log refused the write (" + what + ")");
      case FATAL:
        LOG.error("{}: WAL producer failed fatally ({}); replacing it", lane.key, what);
        replaceProducer();
        return new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "the write-ahead log producer failed (" + what
            + "); the write was not applied, retry");
      default:
        LOG.warn("{}: WAL append failed: {}", lane.key, what);
        return new VecException(ErrorCode.VEC_ERR_UNAVAILABLE, "the write-ahead log (Kafka) did not acknowledge the "
            + "write in time (" + what + "); it was not applied, retry later");
    }
  }

  private synchronized void replaceProducer() {
    if (closed) {
      return;
    }
    Producer<byte[], byte[]> old = producer;
    producer = producers.get();
    Thread t = new Thread(() -> old.close(Duration.ZERO), "pyrope-wal-producer-close");
    t.setDaemon(true);
    t.start();
  }

  /** Stops taking writes and closes the producer, letting sends in flight finish briefly. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sendThread.shutdown();
    try {
      sendThread.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(CLOSE_TIMEOUT);
  }

  /** One index's records in flight, in send order. */
  private static final class Lane {
    final String key;                                                 // tenant/index
    final int partition;                                              // its WAL partition
    final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>(); // sent, not yet applied
    final AtomicBoolean draining = new AtomicBoolean();               // a drain is scheduled or running
    final AtomicInteger unapplied = new AtomicInteger();              // handed over, not yet applied (or failed)

    Lane(String key, int partition) {
      this.key = key;
      this.partition = partition;
    }
  }

  /** One record handed to Kafka: its outcome (written once, by the callback) and the client's future. */
  private static final class Pending {
    final WalRecord record;
    final VectorIndex.Validated validated;  // the write as validated before logging, or null
    final CompletableFuture<Object> reply = new CompletableFuture<>();
    volatile RecordMetadata metadata;   // set before done
    volatile Exception error;           // set before done
    volatile boolean done;              // Kafka answered (or refused synchronously)

    Pending(WalRecord record, VectorIndex.Validated validated) {
      this.record = record;
      this.validated = validated;
    }

    synchronized void finish(RecordMetadata md, Exception ex) {
      if (done) {
        return;
      }
      metadata = md;
      error = ex;
      done = true;
    }
  }
}
