package io.pyrope.it;

import static io.pyrope.it.VecClient.blob;
import static io.pyrope.it.VecClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.VectorFiles;
import io.pyrope.node.PyropeNode;
import io.pyrope.snapshot.SnapshotService;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Snapshots round-trip exactly: search results (ids and scores, bit for bit) are identical
 * before a snapshot and after a restart from it, for Flat, HNSW and IVF-PQ indexes with a built
 * tail, a head, upserts (dead tail rows) and deletes. A damaged newest snapshot is skipped, with
 * a log line, for the previous one, and the WAL after it is replayed.
 */
class SnapshotRoundTripTest {
  private static final int ROWS = 3000;
  private static final int EXTRA = 200;
  private static final int QUERIES = 25;
  private static final String[] FACTORIES = {"Flat", "HNSW16", "IVF16,PQ8np"};

  @Test
  void searchesAreIdenticalAfterARestartFromSnapshots() throws Exception {
    FloatDataset base = VectorFiles.readFvecs(VecClient.data("siftsmall/siftsmall_base.fvecs"), ROWS + EXTRA + 10);
    FloatDataset queries = VectorFiles.readFvecs(VecClient.data("siftsmall/siftsmall_query.fvecs"), QUERIES);
    int dim = base.dim();
    Path dir = DurableNodes.newDataDir();
    Map<String, List<Object>> before = new java.util.HashMap<>();
    List<Object> flatFinal;
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 120_000)) {
      for (int f = 0; f < FACTORIES.length; f++) {
        String name = "ix" + f;
        send(j, "VEC.CREATE", "snap", name, "DIM", dim, "METRIC", "l2", "FACTORY", FACTORIES[f]);
        VecClient.load(j, "snap", name, base.data(), ROWS, dim);
        send(j, "VEC.BUILD", "snap", name); // a tail (for Flat: a compacted base)
        List<Object> head = new ArrayList<>(List.of("snap", name));
        for (int i = ROWS; i < ROWS + EXTRA; i++) {
          head.addAll(List.of("h" + i, "VECTOR", blob(base.data(), i * dim, dim)));
        }
        send(j, "VEC.ADD", head.toArray());
        for (int i = 0; i < 50; i++) { // replace tail rows: masked in the tail, new versions in the head
          send(j, "VEC.UPSERT", "snap", name, Integer.toString(i * 7), "VECTOR", blob(base.data(), (ROWS + EXTRA + i % 10)
              * dim, dim), "META", "{\"u\":" + i + "}");
        }
        send(j, "VEC.DEL", "snap", name, "1", "2", "3", "h" + ROWS);
        before.put(name, searchAll(j, name, queries));
      }
      // snapshots: one over HTTP, the others over RESP
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/indexes/snap/ix0/snapshot"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("\"records\":" + (ROWS + EXTRA - 4)), r.body());
      send(j, "VEC.SNAPSHOT", "snap", "ix1");
      send(j, "VEC.SNAPSHOT", "snap", "ix2");
      // ix0 goes on: a second snapshot (to be damaged) and a write only the WAL has
      send(j, "VEC.ADD", "snap", "ix0", "late1", "VECTOR", blob(base.data(), 5 * dim, dim));
      send(j, "VEC.SNAPSHOT", "snap", "ix0");
      send(j, "VEC.UPSERT", "snap", "ix0", "late2", "VECTOR", blob(base.data(), 6 * dim, dim));
      flatFinal = searchAll(j, "ix0", queries);
    }
    Path newest = newestSnapshot(dir.resolve("snapshots/snap/ix0"));
    flipAByte(newest.resolve("records.bin"));

    Logger log = (Logger) LoggerFactory.getLogger(SnapshotService.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try (PyropeNode node = DurableNodes.start(dir); Jedis j = new Jedis("127.0.0.1", node.respPort(), 120_000)) {
      assertEquals(before.get("ix1"), searchAll(j, "ix1", queries), "HNSW");
      assertEquals(before.get("ix2"), searchAll(j, "ix2", queries), "IVF-PQ");
      assertEquals(flatFinal, searchAll(j, "ix0", queries), "Flat: previous snapshot + WAL replay");
      assertEquals("{\"u\":7}", WalRestartTest.record(j, "snap", "ix2", "49").get("meta"));
      assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains(newest.getFileName().toString())
          && e.getFormattedMessage().contains("unusable")), "a log line names the damaged snapshot");
    } finally {
      log.detachAppender(logged);
    }
  }

  private static List<Object> searchAll(Jedis j, String index, FloatDataset queries) {
    List<Object> out = new ArrayList<>();
    for (int q = 0; q < queries.n(); q++) {
      out.add(flatten(send(j, "VEC.SEARCH", "snap", index, "TOPK", 10, "VECTOR",
          blob(queries.data(), q * queries.dim(), queries.dim()))));
    }
    return out;
  }

  /** Replies with byte[] made comparable (strings). */
  private static Object flatten(Object o) {
    if (o instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(flatten(x)));
      return out;
    }
    return o;
  }

  private static Path newestSnapshot(Path indexDir) throws IOException {
    try (Stream<Path> s = Files.list(indexDir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).max(Path::compareTo).orElseThrow();
    }
  }

  static void flipAByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long pos = f.length() / 2;
      f.seek(pos);
      int b = f.read();
      f.seek(pos);
      f.write(b ^ 0x5A);
    }
  }
}
