package io.pyrope.search;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One lane: order, hand-off after sleeping, the spin's bounds, and closing without blocking. */
class SearchLaneTest {
  private static final long LONG_SPIN_NANOS = TimeUnit.SECONDS.toNanos(60);

  @Test
  void runsTasksInSubmissionOrderOnItsOwnThread() throws Exception {
    SearchLane lane = new SearchLane("lane-order", 0, () -> false);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1000);
    for (int i = 0; i < 1000; i++) {
      int n = i;
      lane.submit(() -> {
        ran.add(n);
        threads.add(Thread.currentThread());
        done.countDown();
      });
    }
    assertTrue(done.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, ran.get(i));
      assertEquals(lane.thread(), threads.get(i));
    }
    lane.close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aParkedLaneWakesForEverySubmit() throws Exception {
    SearchLane lane = new SearchLane("lane-park", 0, () -> true);
    for (int round = 0; round < 20; round++) {
      awaitParked(lane);
      CompletableFuture<Thread> ran = new CompletableFuture<>();
      lane.submit(() -> ran.complete(Thread.currentThread()));
      assertEquals(lane.thread(), ran.get(10, TimeUnit.SECONDS));
    }
    lane.close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void spinsOnlyWhileAllowedAndOnlyForItsSpinTime() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SearchLane refused = new SearchLane("lane-refused", LONG_SPIN_NANOS, () -> asked.incrementAndGet() < 0);
    awaitParked(refused); // a minute of spin allowed, but maySpin said no: it parks at once
    assertTrue(asked.get() > 0, "the lane asked whether it may spin");
    refused.close().get(10, TimeUnit.SECONDS);

    SearchLane spinning = new SearchLane("lane-spinning", LONG_SPIN_NANOS, () -> true);
    CompletableFuture<Void> first = new CompletableFuture<>();
    spinning.submit(() -> first.complete(null));
    first.get(10, TimeUnit.SECONDS);
    Thread.State state = spinning.thread().getState();
    assertFalse(state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING,
        "within its spin time the lane is still running, got " + state);
    CompletableFuture<Void> second = new CompletableFuture<>();
    spinning.submit(() -> second.complete(null)); // picked up by the spin, no unpark needed
    second.get(10, TimeUnit.SECONDS);
    spinning.close().get(10, TimeUnit.SECONDS);

    SearchLane shortSpin = new SearchLane("lane-short", TimeUnit.MILLISECONDS.toNanos(1), () -> true);
    shortSpin.submit(() -> { });
    awaitParked(shortSpin); // a 1 ms spin ends: the lane sleeps
    shortSpin.close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void closeFinishesQueuedTasksWithoutBlockingTheCaller() throws Exception {
    SearchLane lane = new SearchLane("lane-close", 0, () -> false);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    lane.submit(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.incrementAndGet();
    });
    lane.submit(ran::incrementAndGet);
    CompletableFuture<Void> ended = lane.close(); // returns while the first task still waits
    assertFalse(ended.isDone());
    release.countDown();
    ended.get(10, TimeUnit.SECONDS);
    assertEquals(2, ran.get());
    assertFalse(lane.thread().isAlive());
  }

  @Test
  void aFailingTaskDoesNotStopTheLane() throws Exception {
    SearchLane lane = new SearchLane("lane-failing", 0, () -> false);
    lane.submit(() -> {
      throw new IllegalStateException("boom (expected by the test)");
    });
    CompletableFuture<Void> after = new CompletableFuture<>();
    lane.submit(() -> after.complete(null));
    after.get(10, TimeUnit.SECONDS);
    assertTrue(lane.thread().isAlive());
    lane.close().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aTaskSubmittedAfterCloseIsRefusedNotLost() throws Exception {
    SearchLane lane = new SearchLane("lane-closed", 0, () -> false);
    lane.close().get(10, TimeUnit.SECONDS);
    AtomicInteger ran = new AtomicInteger();
    assertFalse(lane.submit(ran::incrementAndGet));
    assertEquals(0, ran.get());
  }

  private static void awaitParked(SearchLane lane) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
        .until(() -> lane.thread().getState() == Thread.State.WAITING);
  }
}
