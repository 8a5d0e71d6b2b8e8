import express, { Router } from 'express';
import { ltiHandlers } from './lti.handlers.ts';
import type { LtiService } from './lti.service.ts';
import type { ToolKeys } from './tool-keys.ts';

/** The LTI 1.3 tool, mounted at /lti. */
export function ltiRouter(lti: LtiService, keys: ToolKeys, urls: { apiBase: string; widgetSrc: string }): Router {
  const h = ltiHandlers(lti, keys, urls);
  const router = Router();
  // Before the pages' error handler: a script asks, so refusals stay problem+json.
  router.post('/token', express.json({ limit: '16kb' }), h.token);
  const pages = Router();
  pages.use(express.urlencoded({ extended: false, limit: '96kb' }));
  pages.get('/login', h.login);
  pages.post('/login', h.login);
  pages.post('/launch', h.launch);
  pages.post('/bind', h.bind);
  pages.post('/deep-link', h.deepLink);
  pages.get('/auto-post.js', h.autoPostScript);
  pages.get('/renew.js', h.renewScript);
  pages.get('/login-storage.js', h.loginStorageScript);
  pages.get('/launch-storage.js', h.launchStorageScript);
  pages.get('/jwks', h.jwks);
  pages.use(h.error);
  router.use(pages);
  return router;
}
