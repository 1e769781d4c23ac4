package io.pyrope.cache.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.ErrorCode;
import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.SearchReply;
import io.pyrope.cache.policy.Decision;
import io.pyrope.resp.protocol.RespValue;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Miss coalescing: who leads, who joins, where followers complete, and the bound. */
class MissFlightsTest {
  private static final long EPOCH = 7;
  private Vertx vertx;
  private Context leaderLoop;
  private Context followerLoop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    leaderLoop = vertx.getOrCreateContext();
    followerLoop = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static L0Key key(int x) {
    return new L0Key(new byte[] {(byte) x, 0, 0, 0}, false, null, 10, false, 0, 0);
  }

  private static MissFlights.Outcome outcome() {
    return new MissFlights.Outcome(new SearchReply(List.of(new SearchReply.Hit("a", 1f, null)), EPOCH, 5, 1, 0, "none"),
        new RespValue[] {RespValue.bulk("a")}, Decision.ADMITTED);
  }

  @Test
  void anIdenticalMissJoinsAndCompletesOnItsOwnContext() throws Exception {
    MissFlights flights = new MissFlights();
    MissFlights.Ticket leader = flights.enter(key(1), 10, EPOCH, leaderLoop);
    MissFlights.Ticket follower = flights.enter(key(1), 10, EPOCH, followerLoop);
    assertTrue(leader.leads());
    assertFalse(follower.leads());
    assertEquals(1, flights.inFlight());

    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    CompletableFuture<MissFlights.Outcome> got = new CompletableFuture<>();
    follower.joined().onComplete(ar -> {
      completedOn.complete(Vertx.currentContext());
      got.complete(ar.result());
    });
    MissFlights.Outcome o = outcome();
    leaderLoop.runOnContext(v -> leader.complete(o));

    assertSame(o, got.get(10, TimeUnit.SECONDS));
    assertSame(followerLoop, completedOn.get(10, TimeUnit.SECONDS));
    assertEquals(0, flights.inFlight());
  }

  @Test
  void aMissAfterTheFlightLandedLeadsAgain() {
    MissFlights flights = new MissFlights();
    flights.enter(key(1), 10, EPOCH, leaderLoop).complete(outcome());
    assertTrue(flights.enter(key(1), 10, EPOCH, leaderLoop).leads());
  }

  @Test
  void aNewerEpochADifferentKOrQueryDoesNotJoin() {
    MissFlights flights = new MissFlights();
    assertTrue(flights.enter(key(1), 10, EPOCH, leaderLoop).leads());
    assertTrue(flights.enter(key(1), 10, EPOCH + 1, leaderLoop).leads(), "joined a search keyed before a write");
    assertTrue(flights.enter(key(1), 20, EPOCH, leaderLoop).leads());
    assertTrue(flights.enter(key(2), 10, EPOCH, leaderLoop).leads());
    assertEquals(4, flights.inFlight());
  }

  @Test
  void followersFailWithTheLeadersError() throws Exception {
    MissFlights flights = new MissFlights();
    MissFlights.Ticket leader = flights.enter(key(1), 10, EPOCH, leaderLoop);
    MissFlights.Ticket follower = flights.enter(key(1), 10, EPOCH, followerLoop);
    VecException busy = new VecException(ErrorCode.VEC_ERR_BUSY, "search queue is full (9 waiting)");
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    follower.joined().onFailure(failed::complete);
    leader.fail(busy);
    assertSame(busy, failed.get(10, TimeUnit.SECONDS));
    assertEquals(0, flights.inFlight());
  }

  @Test
  void pastTheBoundMissesSearchAloneUntracked() {
    MissFlights flights = new MissFlights();
    List<MissFlights.Ticket> leaders = new ArrayList<>();
    for (int i = 0; i < MissFlights.MAX_IN_FLIGHT; i++) {
      leaders.add(flights.enter(new L0Key(Integer.toString(i).getBytes(), false, null, 10, false, 0, 0), 10, EPOCH,
          leaderLoop));
    }
    assertEquals(MissFlights.MAX_IN_FLIGHT, flights.inFlight());
    MissFlights.Ticket extra = flights.enter(key(1), 10, EPOCH, leaderLoop);
    assertTrue(extra.leads());
    MissFlights.Ticket again = flights.enter(key(1), 10, EPOCH, leaderLoop);
    assertTrue(again.leads(), "an untracked miss was joined");
    extra.complete(outcome()); // harmless for an untracked ticket
    assertEquals(MissFlights.MAX_IN_FLIGHT, flights.inFlight());
    leaders.forEach(t -> t.complete(outcome()));
    assertEquals(0, flights.inFlight());
  }
}
