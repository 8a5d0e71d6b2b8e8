import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app, so tests and several apps in one process do not collide. */
export class Metrics {
  readonly registry = new Registry();
  readonly threadsCreated = new Counter({ name: 'et_threads_created_total', help: 'Personal exercise threads created', registers: [this.registry] });
  readonly commentsCreated = new Counter({ name: 'et_comments_created_total', help: 'Comments created', registers: [this.registry] });
  readonly timecodeValidationFailures = new Counter({
    name: 'et_timecode_validation_failures_total',
    help: 'Requests refused because of an invalid timecode',
    registers: [this.registry],
  });
  readonly accessDenials = new Counter({
    name: 'et_access_denials_total',
    help: 'Requests refused by the access policy',
    labelNames: ['action'],
    registers: [this.registry],
  });
  readonly validationFailures = new Counter({
    name: 'et_validation_failures_total',
    help: 'Requests refused as invalid (400/413/415/422)',
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'et_http_request_duration_seconds',
    help: 'HTTP latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(defaults = false) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }
}
