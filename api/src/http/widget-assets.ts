import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { publicAssetHeaders } from './security-headers.ts';

/** Where `npm run build:widget` writes the element's builds. */
export const WIDGET_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/widget');

/**
 * The element's scripts, for any page on any origin: `/widget/exercise-thread.js` (ES module, with
 * lazy chunks under /widget/chunks/) and `/widget/exercise-thread.classic.js` (one classic script).
 * Entry names are stable, so they are revalidated; chunk names carry a hash, so they are immutable.
 */
export function widgetAssets(dir = WIDGET_DIST): Router {
  const router = Router();
  router.use(publicAssetHeaders(), (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    next();
  });
  router.use(
    express.static(dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res, file) => {
        const hashed = file.includes(`${path.sep}chunks${path.sep}`);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate');
      },
    }),
  );
  router.get(['/exercise-thread.js', '/exercise-thread.classic.js'], (_req, res) => {
    // Not built yet (a fresh clone run without `npm start`): say how to fix it.
    res
      .status(existsSync(dir) ? 404 : 503)
      .type('text/javascript')
      .send(`console.error("exercise-thread: the widget is not built; run \`npm run build:widget\` on the server.");`);
  });
  return router;
}
