package io.pyrope.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down credential guessing. Each client address has a count of recent failed
 * authentications; once it passes {@link #FREE_FAILURES}, every further attempt from that address
 * — right or wrong — waits for a slot, and slots are spaced by an interval that doubles with each
 * failure up to {@link #MAX_INTERVAL_MS}. Because the wait comes <em>before</em> the check, an
 * attacker gains nothing from parallel connections: one address gets one check per interval.
 * When the queue of slots is longer than {@link #MAX_WAIT_MS}, attempts are refused at once
 * instead of holding a timer. Failures older than {@link #WINDOW_MS} are forgotten.
 *
 * <p>Callers wait with a timer (never blocking an event loop), check, then report a failure with
 * {@link #failed}, which counts {@code vector_db_auth_failures_total{transport}}.
 *
 * <p>Threading: called from every event loop; one {@link ConcurrentHashMap} of small entries,
 * each guarded by its own monitor. The map is bounded by {@link #MAX_TRACKED} addresses.
 */
public final class AuthThrottle {
  /** Default failures per address within the window that cost nothing (typos happen); {@code auth.failure-allowance}. */
  public static final int FREE_FAILURES = 5;
  /** Interval between checks after the first throttled failure. */
  public static final long BASE_INTERVAL_MS = 100;
  /** Largest interval between checks. */
  public static final long MAX_INTERVAL_MS = 2_000;
  /** Longest wait an attempt may be given; beyond it the attempt is refused at once. */
  public static final long MAX_WAIT_MS = 10_000;
  /** Failures older than this (since the last one) are forgotten. */
  public static final long WINDOW_MS = 60_000;
  /** Most addresses tracked at once. */
  public static final int MAX_TRACKED = 10_000;
  /** Failed AUTHs one RESP connection may make before it is closed. */
  public static final int MAX_FAILURES_PER_CONNECTION = 10;
  /** Transport label values. */
  public static final String RESP = "resp";
  public static final String HTTP = "http";

  private static final class Entry {
    int failures;
    long lastFailure;
    long nextSlot;
  }

  private final Map<String, Entry> byAddress = new ConcurrentHashMap<>();
  private final int freeFailures;
  private final LongSupplier clock;
  private final Counter respFailures;
  private final Counter httpFailures;
  private final Counter throttled;

  /** @param freeFailures failures per address within {@link #WINDOW_MS} before attempts are slowed */
  public AuthThrottle(MeterRegistry meters, int freeFailures) {
    this(meters, freeFailures, System::currentTimeMillis);
  }

  AuthThrottle(MeterRegistry meters, int freeFailures, LongSupplier clock) {
    this.freeFailures = freeFailures;
    this.clock = clock;
    this.respFailures = Counter.builder("vector_db_auth_failures_total").tag("transport", RESP)
        .description("Failed authentications (bad, unknown or revoked keys)").register(meters);
    this.httpFailures = Counter.builder("vector_db_auth_failures_total").tag("transport", HTTP)
        .description("Failed authentications (bad, unknown or revoked keys)").register(meters);
    this.throttled = Counter.builder("vector_db_auth_throttled_total")
        .description("Authentication attempts delayed or refused because their address failed too often")
        .register(meters);
  }

  /**
   * How long an attempt from {@code address} must wait before its credentials are checked
   * (milliseconds, 0 = now), or -1 when it must be refused without a check.
   */
  public long admit(String address) {
    Entry e = byAddress.get(address);
    if (e == null) {
      return 0;
    }
    synchronized (e) {
      long now = clock.getAsLong();
      forgetOld(e, now);
      if (e.failures < freeFailures) {
        return 0;
      }
      long slot = Math.max(now, e.nextSlot);
      long wait = slot - now;
      if (wait > MAX_WAIT_MS) {
        throttled.increment();
        return -1;
      }
      int doublings = Math.min(e.failures - freeFailures, 20);
      e.nextSlot = slot + Math.min(MAX_INTERVAL_MS, BASE_INTERVAL_MS << doublings);
      if (wait > 0) {
        throttled.increment();
      }
      return wait;
    }
  }

  /** Records a failed authentication from {@code address} over {@code transport}. */
  public void failed(String transport, String address) {
    (HTTP.equals(transport) ? httpFailures : respFailures).increment();
    if (byAddress.size() >= MAX_TRACKED && !byAddress.containsKey(address)) {
      purge();
    }
    Entry e = byAddress.computeIfAbsent(address, a -> new Entry());
    synchronized (e) {
      long now = clock.getAsLong();
      forgetOld(e, now);
      e.failures++;
      e.lastFailure = now;
    }
  }

  /** Failures currently counted for an address (for tests and INFO). */
  public int failures(String address) {
    Entry e = byAddress.get(address);
    if (e == null) {
      return 0;
    }
    synchronized (e) {
      forgetOld(e, clock.getAsLong());
      return e.failures;
    }
  }

  private static void forgetOld(Entry e, long now) {
    if (e.failures > 0 && now - e.lastFailure > WINDOW_MS) {
      e.failures = 0;
      e.nextSlot = 0;
    }
  }

  /** Drops forgotten entries; if still full, drops arbitrary ones (an attacker with that many addresses wins little). */
  private void purge() {
    long now = clock.getAsLong();
    byAddress.values().removeIf(e -> {
      synchronized (e) {
        return now - e.lastFailure > WINDOW_MS;
      }
    });
    Iterator<String> it = byAddress.keySet().iterator();
    while (byAddress.size() >= MAX_TRACKED && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /** The address part of {@code ip:port} (IPv6 included). */
  public static String host(String remote) {
    if (remote == null) {
      return "?";
    }
    int colon = remote.lastIndexOf(':');
    return colon <= 0 ? remote : remote.substring(0, colon);
  }
}
