package io.pyrope.engine;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.search.faiss.FaissIndex;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's indexes: tenant → index name → {@link VectorIndex}, and the executor their
 * rebuilds run on.
 *
 * <p><b>Threading.</b> Thread-safe and lock-free for lookups (concurrent maps). Create and drop
 * are atomic per name: two concurrent creates of one name give one index and one
 * {@code VEC_ERR_EXISTS}; a drop removes the name first, then closes the index, whose native
 * memory is freed once the searches in flight on it have finished (they hold references).
 *
 * <p><b>Builds</b> run on one dedicated daemon thread ({@value #BUILD_THREAD_NAME}) by default:
 * FAISS training and adds already use every core through OpenMP, so two concurrent builds would
 * only compete; searches run on their own worker pool and never wait for a build.
 */
public final class IndexRegistry implements AutoCloseable {
  /** Name (prefix) of the build thread. */
  public static final String BUILD_THREAD_NAME = "pyrope-index-build";
  private static final Logger LOG = LoggerFactory.getLogger(IndexRegistry.class);
  /** How long close() waits for a running build before giving up on it. */
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final Map<String, Map<String, VectorIndex>> tenants = new ConcurrentHashMap<>();
  private final ExecutorService buildExecutor; // shut down by close() when owned
  private final boolean ownsExecutor;          // false for a scratch registry
  private final Clock clock;                   // creation and write timestamps

  /** A registry with its own single build thread and the system clock. */
  public IndexRegistry() {
    this(Clock.systemUTC());
  }

  /** A registry with its own single build thread. */
  public IndexRegistry(Clock clock) {
    this(clock, newBuildExecutor(), true);
  }

  private IndexRegistry(Clock clock, ExecutorService buildExecutor, boolean ownsExecutor) {
    this.clock = clock;
    this.buildExecutor = buildExecutor;
    this.ownsExecutor = ownsExecutor;
  }

  private static ExecutorService newBuildExecutor() {
    AtomicInteger seq = new AtomicInteger();
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, BUILD_THREAD_NAME + "-" + seq.getAndIncrement());
      t.setDaemon(true); // a build in progress must not keep a stopping node alive
      return t;
    });
  }

  /**
   * An empty registry sharing this one's build thread and clock, to rebuild an index out of
   * sight (a point-in-time restore) before {@link #install}ing it here. Closing it closes its
   * indexes but not the shared build thread; {@link #detach} an index to keep it.
   */
  public IndexRegistry scratch() {
    return new IndexRegistry(clock, buildExecutor, false);
  }

  /** Removes an index without closing it (it moves to another registry); null when there is none. */
  public VectorIndex detach(String tenant, String index) {
    Map<String, VectorIndex> indexes = tenants.get(tenant);
    return indexes == null ? null : indexes.remove(index);
  }

  /**
   * Validates a create request and creates the index.
   *
   * @throws VecException {@code VEC_ERR_EXISTS}, or the validation errors of {@link IndexConfigs}
   */
  public VectorIndex create(CreateIndexRequest req) {
    Names.check("tenant", req.tenant());
    Names.check("index", req.index());
    if (find(req.tenant(), req.index()).isPresent()) {
      throw exists(req.tenant(), req.index()); // cheap answer before probing FAISS
    }
    return create(IndexConfigs.fromRequest(req, clock.millis()));
  }

  /** Creates an index from a validated config (e.g. read back from a snapshot). */
  public VectorIndex create(IndexConfig config) {
    Map<String, VectorIndex> indexes = tenants.computeIfAbsent(config.tenant(), t -> new ConcurrentHashMap<>());
    if (indexes.containsKey(config.name())) {
      throw exists(config.tenant(), config.name());
    }
    Limits.countAtMost("tenant " + config.tenant(), indexes.size() + 1, Limits.MAX_INDEXES_PER_TENANT, "indexes");
    VectorIndex index = new VectorIndex(config, buildExecutor, clock);
    if (indexes.putIfAbsent(config.name(), index) != null) {
      index.close();
      throw exists(config.tenant(), config.name());
    }
    LOG.info("created index {} (dim {}, {}, {})", config.qualifiedName(), config.dim(), config.metric().wireName(),
        config.factory());
    return index;
  }

  /**
   * Builds an index from a snapshot's parts, not yet registered (see {@link #install}).
   *
   * @param live live records, ascending row (from {@link RecordStore#read})
   * @param tailFaiss the tail read back from its FAISS file (owned by the index from now on), or null
   * @param tailRows the row of each tail label, or null
   */
  public VectorIndex restore(IndexConfig config, long epoch, long nextRow, List<VectorRecord> live,
      FaissIndex tailFaiss, long[] tailRows) {
    return VectorIndex.restore(config, buildExecutor, clock, epoch, nextRow, live, tailFaiss, tailRows);
  }

  /**
   * Registers a restored index under its name, replacing (and closing) the index that had that
   * name, if any: searches in flight on the old one finish on it, new ones see the new one.
   *
   * @return whether an index was replaced
   */
  public boolean install(VectorIndex index) {
    IndexConfig c = index.config();
    Map<String, VectorIndex> indexes = tenants.computeIfAbsent(c.tenant(), t -> new ConcurrentHashMap<>());
    VectorIndex current = indexes.get(c.name());
    if (current != null && current != index) {
      index.advanceEpochPast(current.epoch()); // a restored index must not reuse an epoch a cache has seen
    }
    VectorIndex old = indexes.put(c.name(), index);
    if (old != null && old != index) {
      old.close();
    }
    LOG.info("{} index {} ({} records)", old == null ? "restored" : "replaced", c.qualifiedName(), index.size());
    return old != null;
  }

  /** The index; {@code VEC_ERR_NOT_FOUND} when there is none. */
  public VectorIndex get(String tenant, String index) {
    return find(Names.check("tenant", tenant), Names.check("index", index))
        .orElseThrow(() -> new VecException(ErrorCode.VEC_ERR_NOT_FOUND,
            "index " + Names.qualified(tenant, index) + " not found"));
  }

  /** The index, if it exists. */
  public Optional<VectorIndex> find(String tenant, String index) {
    Map<String, VectorIndex> indexes = tenants.get(tenant);
    return indexes == null ? Optional.empty() : Optional.ofNullable(indexes.get(index));
  }

  /**
   * Removes the index and frees its memory once the searches in flight on it finish.
   *
   * @return the dropped index's final config
   * @throws VecException {@code VEC_ERR_NOT_FOUND} when there is none
   */
  public IndexConfig drop(String tenant, String index) {
    VectorIndex dropped = get(tenant, index);
    Map<String, VectorIndex> indexes = tenants.get(tenant);
    if (indexes == null || !indexes.remove(index, dropped)) {
      throw new VecException(ErrorCode.VEC_ERR_NOT_FOUND, "index " + Names.qualified(tenant, index) + " not found");
    }
    dropped.close();
    LOG.info("dropped index {}", dropped.config().qualifiedName());
    return dropped.config();
  }

  /** The tenant's indexes, by name. */
  public List<VectorIndex> list(String tenant) {
    Map<String, VectorIndex> indexes = tenants.get(tenant);
    List<VectorIndex> out = indexes == null ? new ArrayList<>() : new ArrayList<>(indexes.values());
    out.sort(Comparator.comparing(i -> i.config().name()));
    return out;
  }

  /** Every index of every tenant. */
  public List<VectorIndex> all() {
    List<VectorIndex> out = new ArrayList<>();
    tenants.values().forEach(m -> out.addAll(m.values()));
    out.sort(Comparator.comparing(i -> i.config().qualifiedName()));
    return out;
  }

  /** Closes every index and stops the build thread (waiting briefly for a running build). */
  @Override
  public void close() {
    for (VectorIndex index : all()) {
      tenants.get(index.config().tenant()).remove(index.config().name(), index);
      index.close();
    }
    if (!ownsExecutor) {
      return;
    }
    buildExecutor.shutdownNow(); // queued builds are dropped; a running one finds its index closed
    try {
      if (!buildExecutor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("a build is still running after {} s; leaving it to finish in the background", CLOSE_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static VecException exists(String tenant, String index) {
    return new VecException(ErrorCode.VEC_ERR_EXISTS, "index " + Names.qualified(tenant, index) + " already exists");
  }
}
