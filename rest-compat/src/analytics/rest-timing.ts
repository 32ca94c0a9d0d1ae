/**
 * The REST router's timing middleware: every request's latency (from arrival to the last byte
 * of the response) and status go to the performance counters, on the main and the legacy port.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { PerformanceMetrics } from './performance-metrics.ts';

/**
 * Creates the middleware; mount it first so the time includes authentication and validation.
 *
 * @example
 * ```ts
 * router.use(restTimingMiddleware(performanceMetrics));
 * ```
 */
export function restTimingMiddleware(metrics: Pick<PerformanceMetrics, 'recordRequest'>) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    const started = performance.now();
    // `finish` only: a request the client abandoned has no meaningful latency.
    response.once('finish', () => {
      metrics.recordRequest(performance.now() - started, response.statusCode);
    });
    next();
  };
}
