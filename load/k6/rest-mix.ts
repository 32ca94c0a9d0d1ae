/**
 * k6 scenario `rest`: `GET /healthz` and `GET /engine/animals` against one node with k6/http
 * (the engine's own routes; the REST layer's `/api` routes exist only when the full product runs
 * with the rest extension).
 *
 * @module
 */
import { check } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { engineUrls, numberSetting } from './engine-urls.ts';

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  vus: numberSetting('CONNECTIONS', 50),
  duration: `${numberSetting('DURATION_SECONDS', 30)}s`,
  thresholds: { http_req_failed: ['rate<0.01'], http_req_duration: ['p(99)<100'] },
};

/** One VU. */
export default function (): void {
  const base = engineUrls()[0] as string;
  const responses = http.batch([
    ['GET', `${base}/healthz`],
    ['GET', `${base}/engine/animals`],
  ]);
  check(responses[0], { 'healthz 200': (response) => response?.status === 200 });
  check(responses[1], { 'animals 200': (response) => response?.status === 200 });
}
