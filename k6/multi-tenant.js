// Mixed multi-tenant run: three tenants with different loads on their own indexes, plus the
// admin API being polled — what a shared node sees. Thresholds per tenant.
//
//   k6 run k6/multi-tenant.js
//   SMOKE=1 k6 run k6/multi-tenant.js
import redis from 'k6/experimental/redis';
import http from 'k6/http';
import { check } from 'k6';
import { Trend, Rate } from 'k6/metrics';
import { RESP_URL, HTTP_URL, SMOKE, fvecs, prng, zipf, ensureIndex } from './lib/pyrope.js';

const POOL = SMOKE ? 200 : 1000;
const vectors = fvecs('mt', 'qqp-minilm/qqp1k_minilm_query.fvecs', POOL);
const latency = new Trend('pyrope_tenant_ms', true);
const errors = new Rate('pyrope_errors');
const TENANTS = ['acme', 'globex', 'initech'];

function tenantScenario(tenant, vus) {
  return {
    executor: 'constant-vus',
    vus: SMOKE ? 1 : vus,
    duration: SMOKE ? '3s' : (__ENV.DURATION || '30s'),
    env: { TENANT: tenant },
    tags: { tenant },
  };
}

export const options = {
  scenarios: {
    acme: tenantScenario('acme', 6),
    globex: tenantScenario('globex', 3),
    initech: tenantScenario('initech', 1),
    admin: {
      executor: 'constant-arrival-rate',
      rate: 2,
      timeUnit: '1s',
      duration: SMOKE ? '3s' : (__ENV.DURATION || '30s'),
      preAllocatedVUs: 1,
      exec: 'admin',
    },
  },
  thresholds: {
    pyrope_errors: ['rate<0.01'],
    'pyrope_tenant_ms{tenant:acme}': [SMOKE ? 'p(99)<500' : 'p(99)<50'],
    'pyrope_tenant_ms{tenant:globex}': [SMOKE ? 'p(99)<500' : 'p(99)<50'],
    'pyrope_tenant_ms{tenant:initech}': [SMOKE ? 'p(99)<500' : 'p(99)<50'],
    'http_req_failed{scenario:admin}': ['rate<0.01'],
  },
};

const client = new redis.Client(RESP_URL);

export async function setup() {
  for (const t of TENANTS) {
    ensureIndex(http, t, 'docs', 384, 'cosine', 'Flat');
    const args = [t, 'docs'];
    for (let i = 0; i < Math.min(POOL, 200); i++) {
      args.push(`d${i}`, 'VECTOR', vectors[i]);
    }
    await client.sendCommand('VEC.UPSERT', ...args);
  }
}

const rand = prng(3000 + __VU);
const pick = zipf(POOL, 1.0, rand);

export default async function () {
  const tenant = __ENV.TENANT;
  const t0 = Date.now();
  let ok = true;
  try {
    if (rand() < 0.9) {
      await client.sendCommand('VEC.SEARCH', tenant, 'docs', 'TOPK', '10', 'VECTOR', vectors[pick()]);
    } else {
      const i = pick();
      await client.sendCommand('VEC.UPSERT', tenant, 'docs', `u${__VU}-${i}`, 'VECTOR', vectors[i]);
    }
  } catch (e) {
    ok = false;
  }
  latency.add(Date.now() - t0, { tenant });
  errors.add(!ok);
  check(ok, { 'tenant command succeeded': (v) => v });
}

export function admin() {
  const health = http.get(`${HTTP_URL}/v1/health`);
  const list = http.get(`${HTTP_URL}/v1/indexes`);
  check(health, { 'health 200': (r) => r.status === 200 });
  check(list, { 'list 200': (r) => r.status === 200 });
}
