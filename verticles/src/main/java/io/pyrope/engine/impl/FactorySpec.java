package io.pyrope.engine.impl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the engine needs to know about a FAISS factory string without asking FAISS: its family
 * (for the proxy cost and for skipping the tail), the IVF list count, the HNSW degree, and the
 * fewest rows it can be trained on.
 *
 * <p><b>Proxy cost</b> ({@link #searchCost}) estimates the distance computations of one FAISS
 * search, so that the cache can value a cached result by the work it saves, independently of
 * machine load:
 * <ul>
 *   <li>Flat and other scan indexes (SQ, PQ without IVF): {@code ntotal} — every row is scored.
 *   <li>IVF: {@code nlist + nprobe × ceil(ntotal / nlist)} — the coarse quantizer scores every
 *       centroid, then each probed list is scanned, assuming lists of average size.
 *   <li>HNSW: {@code ef × 2M + M × ceil(log2(ntotal + 1))}, with {@code ef = max(efSearch, k)} —
 *       about {@code ef} nodes expanded on level 0, each scoring up to its {@code 2M} neighbours,
 *       plus a greedy descent through the upper levels. An upper bound: neighbours already
 *       visited are not scored twice.
 * </ul>
 *
 * @param factory the factory string as given to FAISS
 * @param family the index family
 * @param nlist IVF list count, 0 unless IVF
 * @param hnswM HNSW degree M, 0 unless HNSW
 * @param minTrainRows fewest rows FAISS accepts to train this factory (1 when untrained indexes
 *     do not exist, e.g. Flat and HNSW)
 */
public record FactorySpec(String factory, Family family, int nlist, int hnswM, int minTrainRows) {

  /** The factory used when a client names none. */
  public static final String DEFAULT_FACTORY = "Flat";
  /** PQ/SQ codebooks are trained by k-means with 2^nbits centroids; FAISS's default nbits. */
  private static final int DEFAULT_PQ_NBITS = 8;

  private static final Pattern IVF = Pattern.compile("IVF(\\d+)");
  private static final Pattern HNSW = Pattern.compile("HNSW(\\d+)");
  private static final Pattern PQ = Pattern.compile("PQ\\d+(?:x(\\d+))?");
  private static final Pattern PQ_M = Pattern.compile("PQ(\\d+)");

  /** Index families, as far as cost and build policy care. */
  public enum Family {
    /** Exact scan; needs no tail (the head is already exact). */
    FLAT,
    /** Inverted lists: trained coarse quantizer, nprobe lists scanned. */
    IVF,
    /** Graph: efSearch candidates. */
    HNSW,
    /** Anything else that scans all codes (SQ8, PQ16np, LSH, ...). */
    SCAN
  }

  /** Reads the family and parameters out of a factory string FAISS has already accepted. */
  public static FactorySpec parse(String factory) {
    String f = factory.trim();
    int nlist = firstInt(IVF, f);
    int m = firstInt(HNSW, f);
    Family family;
    if (nlist > 0) {
      family = Family.IVF;
    } else if (m > 0) {
      family = Family.HNSW; // also HNSW32,SQ8 and friends: still a graph search
    } else if (f.equals("Flat")) {
      family = Family.FLAT;
    } else {
      family = Family.SCAN;
    }
    int minTrain = Math.max(1, nlist);
    Matcher pq = PQ.matcher(f);
    if (pq.find()) {
      int nbits = pq.group(1) == null ? DEFAULT_PQ_NBITS : Integer.parseInt(pq.group(1));
      minTrain = Math.max(minTrain, 1 << Math.min(nbits, 24));
    }
    return new FactorySpec(f, family, nlist, m, minTrain);
  }

  /** Whether this factory is plain Flat: the head alone serves it, no tail is ever built. */
  public boolean isFlat() {
    return family == Family.FLAT;
  }

  /** Estimated distance computations of one FAISS search over {@code ntotal} rows (see above). */
  public long searchCost(long ntotal, int k, int nprobe, int efSearch) {
    if (ntotal <= 0) {
      return 0;
    }
    switch (family) {
      case IVF -> {
        long probes = Math.min(Math.max(1, nprobe), nlist);
        return nlist + probes * ((ntotal + nlist - 1) / nlist);
      }
      case HNSW -> {
        long ef = Math.max(Math.max(1, efSearch), k);
        long levels = 64 - Long.numberOfLeadingZeros(ntotal); // ceil-ish log2(ntotal + 1)
        return Math.min(ntotal, ef * 2L * hnswM) + (long) hnswM * levels;
      }
      default -> {
        return ntotal;
      }
    }
  }

  /**
   * Estimated native bytes per row of this factory's index: the code size (raw floats, SQ or PQ
   * codes) plus 8 bytes of id per row in IVF lists and {@code 2M} 4-byte links for HNSW's level 0.
   */
  public long bytesPerRow(int dim) {
    Matcher pq = PQ_M.matcher(factory);
    long code;
    if (pq.find()) {
      code = Integer.parseInt(pq.group(1));
    } else if (factory.contains("SQ8")) {
      code = dim;
    } else if (factory.contains("SQ4")) {
      code = (dim + 1) / 2L;
    } else if (factory.contains("SQfp16")) {
      code = 2L * dim;
    } else {
      code = 4L * dim;
    }
    long overhead = (family == Family.IVF ? 8 : 0) + (hnswM > 0 ? 8L * hnswM : 0);
    return code + overhead;
  }

  private static int firstInt(Pattern p, String s) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      return 0;
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return 0; // FAISS accepted it, so it is not ours to refuse; treat as unknown
    }
  }
}
