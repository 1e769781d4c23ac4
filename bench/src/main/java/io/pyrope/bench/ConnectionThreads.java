package io.pyrope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs one thread per RESP connection until every one is done, as the load and workload modes
 * do: connections opened first, the first failure makes the others stop (each checks
 * {@code failed} between requests) and is rethrown, connections closed and progress ended
 * whatever happened.
 */
public final class ConnectionThreads {
  /** What one connection's thread does; it returns when its share is done or {@code failed} says so. */
  public interface Work {
    void run(RespClient client, BooleanSupplier failed);
  }

  private ConnectionThreads() {}

  /**
   * @param what for the interruption message, e.g. "loading"
   */
  public static void run(String host, int port, int connections, String threadName, String what, Progress progress,
      Work work) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    BooleanSupplier failed = () -> failure.get() != null;
    List<RespClient> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int c = 0; c < connections; c++) {
        clients.add(RespClient.connect(host, port));
      }
      for (RespClient client : clients) {
        Thread t = new Thread(() -> {
          try {
            work.run(client, failed);
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        }, threadName);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } finally {
      progress.done();
      clients.forEach(RespClient::close);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
