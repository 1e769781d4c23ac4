package io.pyrope.bench.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyrope.dataset.FloatDataset;
import io.pyrope.dataset.VectorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload's embeddings: the model from Maven reproduces the stored qqp-minilm vectors, and
 * the embedding cache survives a rerun and a cut-off last record.
 */
class WorkloadEmbeddingTest {
  @TempDir
  Path dir;

  static Path qqp() {
    String property = System.getProperty("pyrope.shared.data");
    return property != null ? Path.of(property, "qqp-minilm") : Path.of("..", "..", "shared", "data", "qqp-minilm");
  }

  @Test
  void theModelGivesTheStoredVectorsOfSentences51k() throws IOException {
    List<String> sentences = Files.readAllLines(qqp().resolve("sentences_51k.txt"), StandardCharsets.UTF_8);
    FloatDataset base = VectorFiles.readFvecs(qqp().resolve("qqp50k_minilm_base.fvecs"), 20_001);
    FloatDataset queries = VectorFiles.readFvecs(qqp().resolve("qqp1k_minilm_query.fvecs"), 2);
    Path homeDjl = Path.of(System.getProperty("user.home"), ".djl.ai");
    boolean homeDjlBefore = Files.exists(homeDjl);
    Embedder e = Embedder.load(dir.resolve("djl"));
    for (int row : new int[] {0, 1, 777, 20_000}) {
      double cos = Vectors.cosine(e.embed(sentences.get(row)), base.row(row));
      assertTrue(cos > 0.99, "sentence " + row + " '" + sentences.get(row) + "': cosine " + cos);
    }
    double cosQuery = Vectors.cosine(e.embed(sentences.get(50_001)), queries.row(1));
    assertTrue(cosQuery > 0.99, "query sentence 50,001: cosine " + cosQuery);
    // and a different sentence is clearly different
    assertTrue(Vectors.cosine(e.embed(sentences.get(0)), base.row(777)) < 0.9);
    float[] v = e.embed("How do I learn Java?");
    assertEquals(Embedder.DIM, v.length);
    assertEquals(1.0, Vectors.cosine(v, v), 1e-6);
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-4, "unit length like the stored vectors");
    if (!homeDjlBefore && System.getenv("DJL_CACHE_DIR") == null) {
      assertFalse(Files.exists(homeDjl), "DJL wrote to ~/.djl.ai instead of the bench's cache directory");
    }
  }

  @Test
  void cacheKeepsVectorsAcrossRunsAndIgnoresACutLastRecord() throws IOException {
    EmbeddingCache c = EmbeddingCache.open(dir, "m", 3);
    assertNull(c.get("a"));
    c.put("a", new float[] {1, 2, 3});
    c.put("b", new float[] {4, 5, 6});
    c.put("a", new float[] {9, 9, 9}); // already there: kept as first stored
    EmbeddingCache again = EmbeddingCache.open(dir, "m", 3);
    assertEquals(2, again.size());
    assertArrayEquals(new float[] {1, 2, 3}, again.get("a"));
    assertArrayEquals(new float[] {4, 5, 6}, again.get("b"));
    // a run killed mid-append leaves half a record
    Files.write(again.file(), new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
    EmbeddingCache cut = EmbeddingCache.open(dir, "m", 3);
    assertEquals(2, cut.size());
    cut.put("c", new float[] {7, 8, 9});
    EmbeddingCache healed = EmbeddingCache.open(dir, "m", 3);
    assertEquals(3, healed.size());
    assertArrayEquals(new float[] {7, 8, 9}, healed.get("c"));
    assertEquals(3L * (32 + 12), Files.size(healed.file()), "the partial record was overwritten");
    assertEquals(0, EmbeddingCache.open(dir, "other-model", 3).size(), "one file per model");
  }
}
