import express, { Router } from 'express';
import { ltiHandlers } from './lti.handlers.ts';
import type { LtiService } from './lti.service.ts';
import type { ToolKeys } from './tool-keys.ts';

/** The LTI 1.3 tool, mounted at /lti. */
export function ltiRouter(lti: LtiService, keys: ToolKeys, urls: { apiBase: string; widgetSrc: string }): Router {
  const h = ltiHandlers(lti, keys, urls);
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '96kb' }));
  router.get('/login', h.login);
  router.post('/login', h.login);
  router.post('/launch', h.launch);
  router.post('/bind', h.bind);
  router.post('/deep-link', h.deepLink);
  router.get('/auto-post.js', h.autoPostScript);
  router.get('/jwks', h.jwks);
  router.use(h.error);
  return router;
}
