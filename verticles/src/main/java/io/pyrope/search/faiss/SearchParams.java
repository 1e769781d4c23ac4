package io.pyrope.search.faiss;

/**
 * Per-search knobs, passed to FAISS as per-call {@code SearchParameters}, so searches with
 * different settings can run concurrently on one index without touching its shared state.
 *
 * @param nprobe IVF family only: inverted lists to visit; {@code <= 0} keeps the index's
 *     own {@code nprobe} (1 unless changed when it was built). Ignored by other index types;
 *     an IVF fast-scan index ({@code ...fs}) cannot take it per call and rejects it.
 * @param efSearch HNSW family only: the size of the candidate list; {@code <= 0} keeps the
 *     index's own (FAISS default 16). FAISS searches with {@code max(efSearch, k)}. Ignored by
 *     other index types. FAISS 1.7.3 ignores a per-call value above the index's own (its
 *     candidate heap keeps the index's size); the native shim corrects that, so larger values
 *     give exactly the results of an index built with that efSearch. A value below the
 *     index's own is only partly effective (FAISS 1.7.3 behaviour, left as is).
 */
public record SearchParams(int nprobe, int efSearch) {

  /** The index's own settings. */
  public static final SearchParams DEFAULTS = new SearchParams(0, 0);

  public static SearchParams ofNprobe(int nprobe) {
    return new SearchParams(nprobe, 0);
  }

  public static SearchParams ofEfSearch(int efSearch) {
    return new SearchParams(0, efSearch);
  }

  public SearchParams withNprobe(int nprobe) {
    return new SearchParams(nprobe, efSearch);
  }

  public SearchParams withEfSearch(int efSearch) {
    return new SearchParams(nprobe, efSearch);
  }
}
