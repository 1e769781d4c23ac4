// Write-heavy mix: 60% upserts, 10% deletes, 30% searches on one index, with vectors drawn
// from qqp-minilm. Exercises the write path (and, with the WAL, Kafka) under concurrent reads.
//
//   k6 run k6/write-heavy.js
//   SMOKE=1 k6 run k6/write-heavy.js
import redis from 'k6/experimental/redis';
import http from 'k6/http';
import { check } from 'k6';
import { Trend, Rate } from 'k6/metrics';
import { RESP_URL, SMOKE, fvecs, prng, ensureIndex } from './lib/pyrope.js';

const POOL = SMOKE ? 200 : 2000;
const vectors = fvecs('pool', 'qqp-minilm/qqp50k_minilm_base.fvecs', POOL);
const writeLatency = new Trend('pyrope_write_ms', true);
const errors = new Rate('pyrope_errors');

export const options = {
  scenarios: {
    writes: {
      executor: 'constant-vus',
      vus: SMOKE ? 1 : Number(__ENV.VUS || 8),
      duration: SMOKE ? '3s' : (__ENV.DURATION || '30s'),
    },
  },
  thresholds: {
    pyrope_errors: ['rate<0.01'],
    pyrope_write_ms: [SMOKE ? 'p(99)<1000' : 'p(99)<100'],
  },
};

const client = new redis.Client(RESP_URL);
const TENANT = 'k6';
const INDEX = 'writes';

export function setup() {
  ensureIndex(http, TENANT, INDEX, 384, 'cosine', 'HNSW32');
}

const rand = prng(2000 + __VU);

export default async function () {
  const r = rand();
  const i = Math.floor(rand() * POOL);
  const id = `w${__VU}-${i}`;
  let ok = true;
  const t0 = Date.now();
  try {
    if (r < 0.6) {
      await client.sendCommand('VEC.UPSERT', TENANT, INDEX, id, 'VECTOR', vectors[i], 'TAGS', `vu${__VU}`);
      writeLatency.add(Date.now() - t0);
    } else if (r < 0.7) {
      await client.sendCommand('VEC.DEL', TENANT, INDEX, id);
      writeLatency.add(Date.now() - t0);
    } else {
      await client.sendCommand('VEC.SEARCH', TENANT, INDEX, 'TOPK', '5', 'VECTOR', vectors[i]);
    }
  } catch (e) {
    ok = false;
  }
  errors.add(!ok);
  check(ok, { 'command succeeded': (v) => v });
}
