package io.pyrope.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.bus.VecException;
import io.pyrope.bus.vec.CreateIndexRequest;
import io.pyrope.bus.vec.RecordInput;
import io.pyrope.bus.wal.WalCodec;
import io.pyrope.bus.wal.WalRecord;
import io.pyrope.engine.IndexConfigs;
import io.pyrope.engine.IndexRegistry;
import io.pyrope.engine.VectorIndex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Applying a WAL record twice changes nothing the second time; failures count as applied. */
class WalApplierTest {
  private final IndexRegistry registry = new IndexRegistry();
  private final WalApplier applier = new WalApplier(registry);

  @AfterEach
  void close() {
    registry.close();
  }

  private static RecordInput rec(String id, float x) {
    return new RecordInput(id, new float[] {x, 1f}, null, List.of(), Map.of());
  }

  /** Through the codec, as a replay sees it. */
  private Object apply(WalRecord r, long offset) {
    return applier.apply(WalCodec.decode(WalCodec.encode(r)), 3, offset, 1_000 + offset);
  }

  @Test
  void replayedRecordsAreSkipped() {
    WalRecord create = WalRecord.create("t", "i", IndexConfigs.fromRequest(
        new CreateIndexRequest("t", "i", 2, "l2", null, Map.of()), 1L).toJson());
    WalRecord upsert = WalRecord.put(true, "t", "i", List.of(rec("a", 1f), rec("b", 2f)));
    WalRecord del = WalRecord.delete("t", "i", List.of("b"));
    apply(create, 10);
    apply(upsert, 11);
    apply(del, 12);
    VectorIndex index = registry.get("t", "i");
    long epoch = index.epoch();
    for (long o = 10; o <= 12; o++) { // the whole range again, as after a crash before a snapshot
      assertNull(apply(List.of(create, upsert, del).get((int) (o - 10)), o));
    }
    assertEquals(epoch, index.epoch());
    assertEquals(1, index.get("a").version());
    assertEquals(1_011, index.get("a").updatedMillis(), "the write time is the record's timestamp");
    assertThrows(VecException.class, () -> index.get("b"));
    assertEquals(new WalApplier.Position(3, 12, 1_012), applier.position("t/i"));
  }

  @Test
  void aFailedApplyStillCountsAsApplied() {
    apply(WalRecord.create("t", "i", IndexConfigs.fromRequest(
        new CreateIndexRequest("t", "i", 2, "l2", null, Map.of()), 1L).toJson()), 0);
    apply(WalRecord.put(false, "t", "i", List.of(rec("a", 1f))), 1);
    VecException e = assertThrows(VecException.class, () -> apply(WalRecord.put(false, "t", "i",
        List.of(rec("a", 5f))), 2));
    assertTrue(e.toRespError().startsWith("VEC_ERR_EXISTS"));
    assertNull(apply(WalRecord.put(false, "t", "i", List.of(rec("a", 5f))), 2));
    assertEquals(1f, registry.get("t", "i").get("a").vector()[0] / registry.get("t", "i").get("a").vector()[0]);
  }

  @Test
  void aLogMixingVersionOneAndTwoRecordsReplaysToTheSameIndex() {
    WalRecord create = WalRecord.create("t", "i", IndexConfigs.fromRequest(
        new CreateIndexRequest("t", "i", 2, "l2", null, Map.of()), 1L).toJson());
    WalRecord oldAdd = WalRecord.put(false, "t", "i", List.of(rec("a", 1f), rec("b", 2f)));
    WalRecord newUpsert = WalRecord.put(true, "t", "i", List.of(rec("b", 3f), rec("c", 4f)));
    applier.apply(WalCodec.decode(WalCodec.encodeJson(create)), 3, 0, 1_000);
    applier.apply(WalCodec.decode(WalCodec.encodeJson(oldAdd)), 3, 1, 1_001); // written by a node before v2
    applier.apply(WalCodec.decode(WalCodec.encode(newUpsert)), 3, 2, 1_002);  // binary vector block
    VectorIndex index = registry.get("t", "i");
    assertEquals(3, index.size());
    assertEquals(1f, index.get("a").vector()[0]);
    assertEquals(3f, index.get("b").vector()[0]);
    assertEquals(2, index.get("b").version());
    assertEquals(4f, index.get("c").vector()[0]);
  }
}
