package io.pyrope.wal;

import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.IndexRef;
import io.pyrope.bus.vec.IndexStats;
import io.pyrope.bus.vec.WriteReply;
import io.pyrope.bus.vec.WriteRequest;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes straight into the indexes, with no log ({@code wal.enabled=false}): an acknowledged
 * write lives in memory only, until the next snapshot of its index. Runs each change on the
 * calling worker thread and returns a completed future. Stateless besides the registry.
 */
public final class DirectWritePath implements WritePath {
  private final IndexRegistry registry;
  private final Consumer<String> onDrop; // told the key of each dropped index (its snapshots go too)

  public DirectWritePath(IndexRegistry registry) {
    this(registry, key -> { });
  }

  public DirectWritePath(IndexRegistry registry, Consumer<String> onDrop) {
    this.registry = registry;
    this.onDrop = onDrop;
  }

  @Override
  public CompletableFuture<WriteReply> write(WriteRequest req) {
    return CompletableFuture.completedFuture(registry.get(req.tenant(), req.index()).write(req));
  }

  @Override
  public CompletableFuture<IndexStats> create(CreateIndexRequest req) {
    return CompletableFuture.completedFuture(registry.create(req).stats());
  }

  @Override
  public CompletableFuture<IndexStats> drop(IndexRef ref) {
    IndexStats last = registry.get(ref.tenant(), ref.index()).stats();
    registry.drop(ref.tenant(), ref.index());
    onDrop.accept(WalRecord.key(ref.tenant(), ref.index()));
    return CompletableFuture.completedFuture(last);
  }
}
