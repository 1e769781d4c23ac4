// Shared helpers for Pyrope's k6 scripts: dataset reading, a seeded PRNG, Zipf sampling,
// and the node's addresses. Everything here runs in k6's JavaScript runtime (not Node.js).
import { SharedArray } from 'k6/data';

export const RESP_URL = __ENV.PYROPE_REDIS_URL || 'redis://127.0.0.1:6380';
export const HTTP_URL = __ENV.PYROPE_HTTP_URL || 'http://127.0.0.1:8080';
// The datasets live beside the repository (../shared/data); resolve from this file so the
// scripts work from any working directory.
export const DATA_DIR = __ENV.PYROPE_DATA || import.meta.resolve('../../../shared/data');
/** SMOKE=1: a few seconds with one virtual user, for the test suite's smoke run. */
export const SMOKE = __ENV.SMOKE === '1';

/**
 * Reads up to `limit` vectors of an .fvecs file (per vector: int32 LE dim, then dim float32 LE)
 * into a SharedArray of JSON-array strings, ready to send as `VECTOR [..]`. Parsed once, shared
 * by every VU.
 */
export function fvecs(name, relativePath, limit) {
  return new SharedArray(name, function () {
    const buf = open(`${DATA_DIR}/${relativePath}`, 'b');
    const view = new DataView(buf);
    const out = [];
    let off = 0;
    while (off < buf.byteLength && out.length < limit) {
      const dim = view.getInt32(off, true);
      if (dim <= 0 || off + 4 + dim * 4 > buf.byteLength) {
        throw new Error(`${relativePath}: bad row ${out.length} (dim ${dim})`);
      }
      const v = new Array(dim);
      for (let i = 0; i < dim; i++) {
        v[i] = Math.round(view.getFloat32(off + 4 + i * 4, true) * 1e6) / 1e6;
      }
      out.push(JSON.stringify(v));
      off += 4 + dim * 4;
    }
    return out;
  });
}

/** xorshift32: reproducible streams (Math.random cannot be seeded). */
export function prng(seed) {
  let s = seed >>> 0 || 1;
  return function () {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * Zipf(s) over ranks 0..n-1 by inverse CDF on a precomputed table: rank 0 is the most popular,
 * so a few queries repeat often and the long tail rarely — the stream a cache sees in practice.
 */
export function zipf(n, s, rand) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / Math.pow(i + 1, s);
    cdf[i] = sum;
  }
  return function () {
    const u = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
}

/** Creates an index over HTTP; an existing one (409) is fine. */
export function ensureIndex(http, tenant, name, dim, metric, factory) {
  const res = http.post(`${HTTP_URL}/v1/indexes`,
    JSON.stringify({ tenant, name, dim, metric, factory }),
    { headers: { 'content-type': 'application/json' } });
  if (res.status !== 201 && res.status !== 409) {
    throw new Error(`creating ${tenant}/${name}: ${res.status} ${res.body}`);
  }
}
