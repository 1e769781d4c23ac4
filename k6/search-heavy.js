// Search-heavy mix: real qqp-minilm query vectors, repeated with a Zipf(1.1) popularity, the
// stream a result cache exists for. Loads an index from the first BASE vectors of the base
// set in setup(), then searches.
//
//   k6 run k6/search-heavy.js                     # 30 s, 8 VUs
//   SMOKE=1 k6 run k6/search-heavy.js             # a few seconds, 1 VU
import redis from 'k6/experimental/redis';
import http from 'k6/http';
import { check } from 'k6';
import { Trend, Rate } from 'k6/metrics';
import { RESP_URL, SMOKE, fvecs, prng, zipf, ensureIndex } from './lib/pyrope.js';

const BASE = SMOKE ? 500 : Number(__ENV.BASE || 5000);
const QUERIES = SMOKE ? 100 : 1000;
const base = fvecs('base', 'qqp-minilm/qqp50k_minilm_base.fvecs', BASE);
const queries = fvecs('queries', 'qqp-minilm/qqp1k_minilm_query.fvecs', QUERIES);
const searchLatency = new Trend('pyrope_search_ms', true);
const searchErrors = new Rate('pyrope_search_errors');

export const options = {
  scenarios: {
    search: {
      executor: 'constant-vus',
      vus: SMOKE ? 1 : Number(__ENV.VUS || 8),
      duration: SMOKE ? '3s' : (__ENV.DURATION || '30s'),
    },
  },
  thresholds: {
    pyrope_search_errors: ['rate<0.01'],
    pyrope_search_ms: [SMOKE ? 'p(99)<500' : 'p(99)<50'],
  },
};

const client = new redis.Client(RESP_URL);
const TENANT = 'k6';
const INDEX = 'search';

export async function setup() {
  ensureIndex(http, TENANT, INDEX, 384, 'cosine', 'HNSW32');
  for (let start = 0; start < base.length; start += 250) {
    const args = [TENANT, INDEX];
    for (let i = start; i < Math.min(base.length, start + 250); i++) {
      args.push(`b${i}`, 'VECTOR', base[i]);
    }
    await client.sendCommand('VEC.UPSERT', ...args);
  }
}

const rand = prng(1000 + __VU);
const pick = zipf(QUERIES, Number(__ENV.ZIPF || 1.1), rand);

export default async function () {
  const q = queries[pick()];
  const t0 = Date.now();
  let ok = false;
  try {
    const hits = await client.sendCommand('VEC.SEARCH', TENANT, INDEX, 'TOPK', '10', 'VECTOR', q);
    ok = Array.isArray(hits) && hits.length === 10;
  } catch (e) {
    ok = false;
  }
  searchLatency.add(Date.now() - t0);
  searchErrors.add(!ok);
  check(ok, { 'search answered 10 hits': (v) => v });
}
