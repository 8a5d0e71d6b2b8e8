import type { RequestHandler } from 'express';
import type { Metrics } from '../core/metrics.ts';

/** Times each request under its route pattern (never the raw URL, which would explode the labels). */
export function requestTiming(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const pattern = req.route?.path ? `${req.baseUrl}${req.route.path as string}` : 'unmatched';
      end({ method: req.method, route: pattern, status: String(res.statusCode) });
    });
    next();
  };
}
