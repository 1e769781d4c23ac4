package io.pyrope.bench.workload;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;

/**
 * all-MiniLM-L6-v2 (langchain4j's in-process ONNX model, from its Maven jar: no network), the
 * model the qqp-minilm vectors were made with, so a question embedded here is comparable with the
 * stored ones. Vectors are scaled to unit length like the stored set.
 *
 * <p>The model's tokenizer is DJL's, which extracts a native library into a cache directory,
 * {@code ~/.djl.ai} unless {@code DJL_CACHE_DIR} says otherwise: {@link #load} points it at the
 * bench's own cache directory (an environment variable {@code DJL_CACHE_DIR}, when set, wins, as
 * DJL reads the environment first). Loading takes ~1–2 s; one sentence ~5–10 ms on this machine.
 * Not thread-safe to configure; {@link #embed} may be called from one thread at a time.
 */
public final class Embedder {
  /** The model's output dimension. */
  public static final int DIM = 384;
  /** The name the embedding cache files carry: vectors of another model must never be mixed in. */
  public static final String MODEL_NAME = "all-minilm-l6-v2";

  private final AllMiniLmL6V2EmbeddingModel model;

  private Embedder(AllMiniLmL6V2EmbeddingModel model) {
    this.model = model;
  }

  /** Loads the model; DJL's native files go under {@code djlCacheDir}. */
  public static Embedder load(Path djlCacheDir) {
    if (System.getenv("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", djlCacheDir.toAbsolutePath().toString());
    }
    return new Embedder(new AllMiniLmL6V2EmbeddingModel());
  }

  /** The unit-length embedding of {@code text}. */
  public float[] embed(String text) {
    float[] v = model.embed(text).content().vector();
    return Vectors.normalized(v);
  }
}
