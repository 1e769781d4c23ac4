package io.pyrope.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.kafka.KafkaClientFactory;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The publisher builds records on its own thread, drops when full or when Kafka is unreachable, never blocks. */
class LogPublisherTest {
  @Test
  void recordsAreBuiltOnTheDrainThreadNotTheCaller() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    AtomicReference<Thread> builtOn = new AtomicReference<>();
    try (LogPublisher p = new LogPublisher(producer, 16, new SimpleMeterRegistry())) {
      assertTrue(p.offer("t", "k", () -> {
        builtOn.set(Thread.currentThread());
        return new JsonObject().put("a", 1);
      }));
      Awaitility.await().until(() -> producer.history().size() == 1);
      assertNotEquals(Thread.currentThread(), builtOn.get());
      assertEquals("{\"a\":1}", new String(producer.history().get(0).value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anUnreachableKafkaCostsDropsAndOfferStaysFast() {
    // port 1: nothing listens, so metadata never arrives and send() gives up after max.block.ms
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (LogPublisher p = new LogPublisher(new KafkaClientFactory("127.0.0.1:1").logProducer("unreachable"), 16,
        meters)) {
      long worst = 0;
      for (int i = 0; i < 2_000; i++) {
        long t0 = System.nanoTime();
        p.offer("pyrope.query-log", "k", new JsonObject().put("i", i));
        worst = Math.max(worst, System.nanoTime() - t0);
      }
      assertTrue(p.droppedCount("pyrope.query-log") > 0, "drops counted");
      assertTrue(worst < 50_000_000L, "offer never waits for Kafka: worst " + worst / 1000 + " µs");
      assertTrue(meters.get(LogPublisher.DROPPED_METRIC).tag("topic", "pyrope.query-log").counter().count() > 0);
    }
  }

  @Test
  void aRateCapShedsRecordsAtTheDoorAndCountsThem() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    long perSecond = 1_000;
    int offered = 20_000;
    int accepted = 0;
    long t0 = System.nanoTime();
    try (LogPublisher p = new LogPublisher(producer, 65_536, perSecond, meters)) {
      for (int i = 0; i < offered; i++) {
        if (p.offer("pyrope.query-log", "k", new JsonObject().put("i", i))) {
          accepted++;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      // the burst (a tenth of a second's worth) plus the rate over the time the loop took, plus
      // what the cap's coarse clock may lag behind this test's clock at the start (a tick that
      // fired late on a busy machine)
      double clockLagSeconds = 0.010;
      long allowed = perSecond / 10 + (long) Math.ceil(perSecond * (seconds + clockLagSeconds)) + 1;
      assertTrue(accepted >= 1 && accepted <= allowed, accepted + " accepted in " + seconds + " s, at most " + allowed);
      assertEquals(offered - accepted, p.droppedCount("pyrope.query-log"), 0.0, "every shed record is counted");
      int sent = accepted;
      Awaitility.await().until(() -> producer.history().size() == sent);
    }
  }
}
