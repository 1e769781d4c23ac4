package io.pyrope.search;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FAISS thread with its own queue: runs submitted searches in order, and when the queue runs
 * dry waits a little by spinning before it parks.
 *
 * <p>Why spin: a lone client's next search arrives one network round trip after the previous
 * reply (~100–200 µs here). A parked thread costs a futex wake-up, and on a virtual machine an
 * idle vCPU's wake-up, each time (35–45 µs measured per hand-off on the 2-vCPU benchmark
 * machine); a thread still spinning picks the search up at once and on a warm core. The spin is
 * bounded ({@code spinNanos}) and only taken while {@code maySpin} says the machine has a core to
 * spare (no other search waiting or running), so under load the lanes never burn a core that
 * another lane or an event loop needs.
 *
 * <p>Threading: {@link #submit} from any thread; the tasks run on this lane's thread only.
 */
final class SearchLane {
  private static final Logger LOG = LoggerFactory.getLogger(SearchLane.class);
  /** How often the spin loop reads the clock (a clock read costs ~20 ns on the VMs measured). */
  private static final int SPINS_PER_CLOCK_READ = 4;

  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final long spinNanos;
  private final BooleanSupplier maySpin;
  private volatile boolean parked;
  private volatile boolean closed;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  /**
   * @param name the thread's name
   * @param spinNanos longest spin after the queue empties; 0 parks at once
   * @param maySpin asked before each spin: false parks at once
   */
  SearchLane(String name, long spinNanos, BooleanSupplier maySpin) {
    this.spinNanos = spinNanos;
    this.maySpin = maySpin;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a task; it runs after every task submitted before it.
   *
   * @return false when the lane is closing and the task will not run (it was taken back)
   */
  boolean submit(Runnable task) {
    queue.offer(task);
    if (closed && queue.remove(task)) {
      return false; // the thread may already have ended: never leave a task nobody runs
    }
    if (parked) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /**
   * Lets the thread finish what is queued, then end; never blocks the caller. Tasks submitted
   * after this may not run.
   *
   * @return completes when the thread has ended
   */
  CompletableFuture<Void> close() {
    closed = true;
    LockSupport.unpark(thread);
    return terminated;
  }

  /** The lane's thread (tests). */
  Thread thread() {
    return thread;
  }

  private void loop() {
    try {
      run();
    } finally {
      terminated.complete(null);
    }
  }

  private void run() {
    while (true) {
      Runnable task = queue.poll();
      if (task != null) {
        try {
          task.run(); // tasks complete their own futures (see SearchLanes)
        } catch (RuntimeException | Error e) {
          LOG.error("search lane {}: a task failed", thread.getName(), e); // the lane lives on
        }
        continue;
      }
      if (closed) {
        return;
      }
      if (spinNanos > 0 && maySpin.getAsBoolean() && spinUntilWork()) {
        continue;
      }
      parked = true;
      if (queue.isEmpty() && !closed) { // after publishing parked: a submit now unparks us
        LockSupport.park(this);
      }
      parked = false;
    }
  }

  /** Spins until a task is queued (true) or the spin time is up (false). */
  private boolean spinUntilWork() {
    long deadline = System.nanoTime() + spinNanos;
    while (true) {
      for (int i = 0; i < SPINS_PER_CLOCK_READ; i++) {
        if (!queue.isEmpty() || closed) {
          return true;
        }
        // Yield rather than busy-wait: a thread made runnable on this core (the event loop taking
        // this lane's reply, the client) runs at once instead of waiting for the spin to end.
        Thread.yield();
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
    }
  }
}
