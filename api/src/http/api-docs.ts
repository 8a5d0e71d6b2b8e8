import { createRequire } from 'node:module';
import { Router } from 'express';
import helmet from 'helmet';

const require = createRequire(import.meta.url);
const REDOC = require.resolve('redoc/bundles/redoc.standalone.js');

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Exercise Threads API reference</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{margin:0}</style></head>
<body><noscript>The reference needs JavaScript; the machine-readable description is <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1).</noscript>
<div id="reference"></div><script src="/api/docs/redoc.standalone.js"></script><script src="/api/docs/init.js"></script></body></html>`;

// No inline script, so the policy need not allow any.
const INIT = `Redoc.init('/api/v1/openapi.json', { expandResponses: '200,201,202', requiredPropsFirst: true, sortPropsAlphabetically: false, hideHostname: false, pathInMiddlePanel: true }, document.getElementById('reference'));`;

/**
 * The API reference: Redoc (Redocly's standalone bundle, served from our own node_modules, no CDN)
 * rendering /api/v1/openapi.json. Its policy alone allows inline styles (Redoc's styled components)
 * and a blob: worker (its search index); scripts come from this origin only.
 */
export function apiDocsRouter(): Router {
  const router = Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          frameAncestors: ["'self'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
        },
      },
      crossOriginOpenerPolicy: false,
    }),
  );
  router.get('/', (_req, res) => void res.type('html').send(PAGE));
  router.get('/init.js', (_req, res) => void res.type('text/javascript').send(INIT));
  router.get('/redoc.standalone.js', (_req, res) => res.sendFile(REDOC, { headers: { 'Content-Type': 'text/javascript', 'Cache-Control': 'public, max-age=3600' } }));
  return router;
}
