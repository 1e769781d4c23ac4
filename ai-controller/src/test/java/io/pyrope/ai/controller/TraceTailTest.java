package io.pyrope.ai.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pyrope.ai.sim.TraceFormatException;
import io.pyrope.ai.sim.TraceRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the newest records of a trace directory while the writer may be mid-line. */
class TraceTailTest {
  private static String line(long time, String key) {
    return "{\"schema\":\"pyrope.trace/v1\",\"time_ms\":" + time + ",\"tenant\":\"acme\",\"index\":\"docs\","
        + "\"op\":\"search\",\"key\":\"" + key + "\",\"cost\":10,\"bytes\":100}\n";
  }

  @Test
  void newestRecordsAcrossRotatedFilesWithoutTheLineBeingWritten(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("trace-1002.jsonl"), line(1000, "a") + line(1001, "b") + line(1002, "c"));
    Files.writeString(dir.resolve("trace-2001.jsonl"), line(2000, "d") + line(2001, "e"));
    // current.jsonl: a restarted writer began a little earlier; its last line is half written.
    Files.writeString(dir.resolve("current.jsonl"), line(1990, "f") + line(2500, "g")
        + line(2600, "h").substring(0, 30), StandardCharsets.UTF_8);
    List<Path> files = TraceTail.files(dir);
    assertEquals(List.of("trace-1002.jsonl", "trace-2001.jsonl", "current.jsonl"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    List<TraceRecord> all = TraceTail.newest(files, 100);
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), all.stream().map(TraceRecord::key).toList());
    assertEquals(List.of(1000L, 1001L, 1002L, 2000L, 2001L, 2001L, 2500L),
        all.stream().map(TraceRecord::timeMs).toList(), "time made non-decreasing across files");
    List<TraceRecord> last4 = TraceTail.newest(files, 4);
    assertEquals(List.of("d", "e", "f", "g"), last4.stream().map(TraceRecord::key).toList());
    List<TraceRecord> last1 = TraceTail.newest(files, 1);
    assertEquals(List.of("g"), last1.stream().map(TraceRecord::key).toList());
  }

  @Test
  void emptyAndBadFiles(@TempDir Path dir) throws Exception {
    assertEquals(List.of(), TraceTail.files(dir.resolve("missing")));
    Files.writeString(dir.resolve("current.jsonl"), "{\"schema\":\"pyrope.trace/v1\"");  // no complete line yet
    assertEquals(List.of(), TraceTail.newest(TraceTail.files(dir), 10));
    Files.writeString(dir.resolve("current.jsonl"), line(1, "a") + "{\"schema\":\"pyrope.trace/v1\",\"time_ms\":-5}\n");
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> TraceTail.newest(TraceTail.files(dir), 10));
    assertEquals(true, e.getMessage().contains("current.jsonl"), e.getMessage());
  }
}
