package io.pyrope.cache.impl;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes one tenant's entries hold. Thread-safe: a CAS-reserved counter (see {@link Budgets}). */
public final class TenantUsage {
  final String tenant;                    // an existing tenant's name (a metric label)
  final AtomicLong used = new AtomicLong(); // sum of its stored entries' bytes, plus reservations in flight
  final AtomicLong refused = new AtomicLong(); // largest admission its budget refused since the last pass; 0 if none

  TenantUsage(String tenant) {
    this.tenant = tenant;
  }

  public long used() {
    return used.get();
  }

  public String tenant() {
    return tenant;
  }
}
