package io.pyrope.bus.vec;

import java.util.List;

/**
 * A write to one index: ADD (fails if an id exists), UPSERT (replaces), or DELETE (ids only).
 * A batch is applied in order and all-or-nothing for validation: a bad record rejects the batch
 * before anything is applied.
 *
 * @param tenant tenant name
 * @param index index name
 * @param kind what to do
 * @param records records for ADD and UPSERT, empty for DELETE
 * @param ids ids for DELETE, empty otherwise
 */
public record WriteRequest(String tenant, String index, Kind kind, List<RecordInput> records, List<String> ids) {
  /** Write kinds. */
  public enum Kind {
    ADD,
    UPSERT,
    DELETE
  }
}
