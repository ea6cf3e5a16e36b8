import { MetricNames, UNMATCHED_ROUTE } from '@ffe/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, register } from 'prom-client';
import { matchedRoute } from './api-route';

/** Fast routes answer in a millisecond; the slowest (a decision through an LLM) in seconds. */
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `2xx`, `4xx`, `5xx`…: five values, whatever the status. */
export function statusClass(statusCode: number): string {
  return `${Math.min(Math.max(Math.floor(statusCode / 100), 1), 5)}xx`;
}

/**
 * RED metrics for the API: ffe_http_requests_total{method,route,status_class} and
 * ffe_http_request_duration_seconds{method,route}. `route` is the template Fastify matched (the
 * same the auth guard decides on), never the path a client sent, and `_unmatched` for any 404 of
 * an unknown path; methods outside the usual seven are `OTHER`: every label is bounded.
 */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status_class'>;
  private readonly duration: Histogram<'method' | 'route'>;

  constructor() {
    register.removeSingleMetric(MetricNames.httpRequestsTotal);
    register.removeSingleMetric(MetricNames.httpRequestDurationSeconds);
    this.requests = new Counter({
      name: MetricNames.httpRequestsTotal,
      help: 'HTTP requests by method, matched route template and status class',
      labelNames: ['method', 'route', 'status_class'],
    });
    this.duration = new Histogram({
      name: MetricNames.httpRequestDurationSeconds,
      help: 'HTTP request duration by method and matched route template, seconds',
      labelNames: ['method', 'route'],
      buckets: HTTP_BUCKETS,
    });
  }

  /** Counts every response once it is sent: onResponse runs after the reply, off its path. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.observe(request, reply);
      done();
    });
  }

  observe(request: FastifyRequest, reply: FastifyReply): void {
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    const route = matchedRoute(request) ?? UNMATCHED_ROUTE;
    this.requests.inc({ method, route, status_class: statusClass(reply.statusCode) });
    this.duration.observe({ method, route }, reply.elapsedTime / 1_000);
  }
}
