import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The API's JSON is never framed nor rendered, and a student's thread is never to be kept by a
 * cache. The set is OWASP's for REST answers (REST Security Cheat Sheet): no-store, CSP with
 * frame-ancestors 'none', HSTS, nosniff, X-Frame-Options DENY; plus CORP and Referrer-Policy.
 * Helmet's document-only and legacy headers (COOP, Origin-Agent-Cluster, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) protect nothing in a
 * JSON answer and cost bytes on every one.
 */
export const apiHeaders = (): RequestHandler => {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // CORS decides which pages may read the API; CORP only governs no-cors loads.
    crossOriginResourcePolicy: { policy: 'same-site' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    headers(req, res, next);
  };
};

/**
 * Pages the product itself serves (the demo, the API reference). They may be framed by the
 * origins given (LMS pages), so helmet's default X-Frame-Options is off: CSP frame-ancestors rules.
 */
export const pageHeaders = (frameAncestors: string[] = ["'self'"], connectSrc: string[] = ["'self'"]) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        frameAncestors,
        connectSrc: ["'self'", 'ws:', 'wss:', ...connectSrc],
        mediaSrc: ["'self'", 'blob:', 'data:', 'https:', 'http:'],
        imgSrc: ["'self'", 'data:', 'https:', 'http:'],
        frameSrc: ["'self'", 'https://www.youtube.com', 'https://www.youtube-nocookie.com'],
        scriptSrc: ["'self'", 'https://www.youtube.com', 'https://s.ytimg.com'],
        workerSrc: ["'self'", 'blob:'],
        upgradeInsecureRequests: null,
      },
    },
    xFrameOptions: false,
    crossOriginOpenerPolicy: false,
  });

/** Public assets (the widget's scripts): any page may load them, from any origin. */
export const publicAssetHeaders = () =>
  helmet({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginOpenerPolicy: false,
    xFrameOptions: false,
  });
