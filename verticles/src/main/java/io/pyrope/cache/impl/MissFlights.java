package io.pyrope.cache.impl;

import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.policy.Decision;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Miss coalescing ("single flight") for one index: identical misses that arrive while a search
 * for them is running wait for that search instead of each running FAISS.
 *
 * <p><b>Key.</b> The exact (L0) key of the query, the k the engine searches with, and the index
 * epoch read when the miss joined. A write bumps the epoch, so a request that starts after a
 * write was acknowledged never joins a search keyed before it: the leader's search starts after
 * its key's epoch was read, so its result includes every write a follower may have seen
 * acknowledged (read-your-writes holds for followers too).
 *
 * <p><b>Threading model.</b> Any event loop calls {@link #enter}; the map is concurrent and
 * nothing blocks. The leader completes its {@link Ticket} on its own event loop once the result
 * has been offered to the cache (so a request that misses the flight finds the entry, on that
 * loop); a follower's future completes on the follower's own context, since a RESP connection
 * expects its command futures there. Leaving the map before completing means a request arriving
 * at that instant on another loop may search again: coalescing is an optimisation, never a
 * correctness rule.
 *
 * <p><b>Bound.</b> At most {@link #MAX_IN_FLIGHT} distinct misses per index are tracked; past it
 * misses simply search on their own. Rejected alternative: a lock per key — it would park event
 * loops.
 */
public final class MissFlights {
  /** Distinct misses tracked at once per index; more search without coalescing. */
  public static final int MAX_IN_FLIGHT = 1024;

  private final ConcurrentHashMap<Key, Promise<Outcome>> flights = new ConcurrentHashMap<>(); // running searches

  /** What a coalesced search produced: the engine's reply, its hits rendered, the cache decision on it. */
  public record Outcome(SearchReply reply, RespValue[] rendered, Decision decision) {}

  /** The identity of a miss. */
  record Key(L0Key query, int searchK, long epoch) {}

  /**
   * Either the leader's ticket (run the search, then {@link Ticket#complete} or {@link Ticket#fail})
   * or a follower's (wait for {@link Ticket#joined()}, completed on {@code caller}).
   */
  public static final class Ticket {
    private final MissFlights owner;      // the map the leader registered in; null when untracked
    private final Key key;                // null when untracked
    private final Promise<Outcome> lead;  // the leader's promise; null for a follower
    private final Future<Outcome> joined; // a follower's result; null for a leader

    private Ticket(MissFlights owner, Key key, Promise<Outcome> lead, Future<Outcome> joined) {
      this.owner = owner;
      this.key = key;
      this.lead = lead;
      this.joined = joined;
    }

    /** True when the caller must search (it leads the flight, or the miss is not tracked). */
    public boolean leads() {
      return joined == null;
    }

    /** A follower's result, on the follower's context. */
    public Future<Outcome> joined() {
      return joined;
    }

    /** The leader's result: followers get it, and later misses no longer join. */
    public void complete(Outcome outcome) {
      if (lead != null) {
        owner.flights.remove(key, lead);
        lead.tryComplete(outcome);
      }
    }

    /** The leader's failure: followers fail with the same error. */
    public void fail(Throwable cause) {
      if (lead != null) {
        owner.flights.remove(key, lead);
        lead.tryFail(cause);
      }
    }
  }

  /**
   * Joins the running search for this miss, or registers the caller as its leader.
   *
   * @param caller the caller's context, where a follower's future completes
   */
  public Ticket enter(L0Key query, int searchK, long epoch, Context caller) {
    Key key = new Key(query, searchK, epoch);
    Promise<Outcome> running = flights.get(key);
    if (running == null) {
      if (flights.size() >= MAX_IN_FLIGHT) {
        return new Ticket(null, null, null, null); // untracked: search alone
      }
      Promise<Outcome> mine = Promise.promise();
      running = flights.putIfAbsent(key, mine);
      if (running == null) {
        return new Ticket(this, key, mine, null);
      }
    }
    Promise<Outcome> follower = Promise.promise();
    running.future().onComplete(ar -> {
      if (Vertx.currentContext() == caller) {
        follower.handle(ar);
      } else {
        caller.runOnContext(v -> follower.handle(ar));
      }
    });
    return new Ticket(null, key, null, follower.future());
  }

  /** Searches running now that others can join. */
  public int inFlight() {
    return flights.size();
  }
}
