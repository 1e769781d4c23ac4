package io.pyrope.wal;

import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import java.util.concurrent.CompletableFuture;

/**
 * How the node changes its indexes: straight into memory ({@link DirectWritePath}, with
 * {@code wal.enabled=false}) or through the write-ahead log first ({@link WalWriter}).
 *
 * <p>Each method is called on a worker thread (it may validate, encode, and block briefly
 * handing a record to Kafka) and completes its future once the change is applied, or
 * exceptionally with a {@code VecException}. Futures may complete on any thread: callers hop
 * back to their own context. Implementations are thread-safe.
 */
public interface WritePath {
  /** VEC.ADD / VEC.UPSERT / VEC.DEL. */
  CompletableFuture<WriteReply> write(WriteRequest req);

  /** VEC.CREATE: completes with the new index's stats. */
  CompletableFuture<IndexStats> create(CreateIndexRequest req);

  /** VEC.DROP: completes with the index's stats as they were just before the drop. */
  CompletableFuture<IndexStats> drop(IndexRef ref);
}
