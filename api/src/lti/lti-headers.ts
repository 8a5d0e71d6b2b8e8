import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { pageHeaders } from '../http/security-headers.ts';

/**
 * Headers of the tool's pages: framable only by the platform's own LMS origins (CSP
 * frame-ancestors; no X-Frame-Options, which cannot name origins).
 */
export function framedPage(frameOrigins: string[]): RequestHandler {
  return pageHeaders(["'self'", ...frameOrigins]);
}

/**
 * The Deep Linking answer posts a form to the platform: the page may do that (form-action),
 * runs only its own auto-post script, and loads nothing else.
 */
export function autoPostHeaders(frameOrigins: string[], formTarget: string): RequestHandler {
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
export function apply(mw: RequestHandler, req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]): Promise<void> {
  return new Promise((resolve, reject) => mw(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
}
