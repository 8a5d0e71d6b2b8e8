import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { DomainError } from '../errors/domain-errors.ts';
import { pageHeaders } from '../http/security-headers.ts';
import { errorPage } from './lti-pages.ts';
import { ltiHandlers, type LtiAnswer } from './lti.handlers.ts';
import type { LtiService } from './lti.service.ts';
import type { ToolKeys } from './tool-keys.ts';

/**
 * Headers of the tool's pages: framable only by the platform's own LMS origins (CSP
 * frame-ancestors; no X-Frame-Options, which cannot name origins).
 */
function framedPage(frameOrigins: string[]): RequestHandler {
  return pageHeaders(["'self'", ...frameOrigins]);
}

/**
 * The Deep Linking answer posts a form to the platform: the page may do that (form-action),
 * runs only its own auto-post script, and loads nothing else.
 */
function autoPostHeaders(frameOrigins: string[], formTarget: string): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'unsafe-inline'"],
        formAction: ["'self'", new URL(formTarget).origin],
        frameAncestors: ["'self'", ...frameOrigins],
        baseUri: ["'none'"],
      },
    },
    xFrameOptions: false,
    crossOriginOpenerPolicy: false,
  });
}

/** Runs a middleware built per request (its options depend on the platform) and waits for it. */
function apply(mw: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => mw(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
}

async function answer(a: LtiAnswer, req: Request, res: Response): Promise<void> {
  switch (a.kind) {
    case 'redirect':
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, a.location);
      return;
    case 'page':
      await apply(a.formTarget ? autoPostHeaders(a.frameOrigins, a.formTarget) : framedPage(a.frameOrigins), req, res);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(a.html);
      return;
    case 'json':
      res.setHeader('Cache-Control', 'no-store');
      res.json(a.body);
      return;
    case 'script':
      res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
      res.send(a.text);
      return;
    case 'jwks':
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.json(a.body);
  }
}

/** The LTI 1.3 tool, mounted at /lti. */
export function ltiRouter(lti: LtiService, keys: ToolKeys, urls: { apiBase: string; widgetSrc: string }): Router {
  const h = ltiHandlers(lti, keys, urls);
  const on = (fn: (input: unknown) => LtiAnswer | Promise<LtiAnswer>, from: (req: Request) => unknown = (req) => req.body) =>
    async (req: Request, res: Response) => answer(await fn(from(req)), req, res);
  const router = Router();
  // Before the pages' error handler: a script asks, so refusals stay problem+json.
  router.post('/token', express.json({ limit: '16kb' }), on(h.token));
  const pages = Router();
  pages.use(express.urlencoded({ extended: false, limit: '96kb' }));
  pages.get('/login', on(h.login, (req) => ({ ...req.query })));
  pages.post('/login', on(h.login));
  pages.post('/launch', on(h.launch));
  pages.post('/bind', on(h.bind));
  pages.post('/deep-link', on(h.deepLink));
  pages.get('/auto-post.js', on(h.autoPostScript));
  pages.get('/renew.js', on(h.renewScript));
  pages.get('/jwks', on(h.jwks));
  // Refusals are pages, not JSON: the person reading them is in an LMS iframe.
  pages.use(async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof DomainError) || res.headersSent) return next(error);
    await apply(framedPage(await lti.frameOrigins()), req, res).catch(() => undefined);
    res.setHeader('Cache-Control', 'no-store');
    const detail = error.errors?.length ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : error.message;
    res.status(error.status).type('html').send(errorPage(error.status, detail));
  });
  router.use(pages);
  return router;
}
