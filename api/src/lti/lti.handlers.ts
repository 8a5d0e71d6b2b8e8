import type { Request, Response, NextFunction } from 'express';
import { z } from 'zod';
import { Text } from '../contract/common.ts';
import { HttpError } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { apply, autoPostHeaders, framedPage } from './lti-headers.ts';
import { autoPostPage, choosePage, deepLinkPage, errorPage, notReadyPage, threadPage } from './lti-pages.ts';
import { LtiNewWindowNeeded, type BoundLaunch, type LtiService } from './lti.service.ts';
import { LAUNCH_STORAGE_SCRIPT, LOGIN_STORAGE_SCRIPT, browserCookie, readBrowserId } from './browser-binding.ts';
import { loginStoragePage, newWindowPage, storageGate } from './binding-pages.ts';
import type { ToolKeys } from './tool-keys.ts';

const LoginParams = z.object({
  iss: z.string().min(1).max(2000),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(500).optional(),
  lti_deployment_id: z.string().max(500).optional(),
  lti_storage_target: z.string().max(200).optional(),
  /** Ours: the login restarted top-level from the "Open in a new window" page. */
  new_window: z.literal('1').optional(),
});

// The browser's cookie lasts as long as a login's state may wait for its launch.
const BROWSER_COOKIE_SECONDS = 10 * 60;

const LaunchParams = z.object({ id_token: z.string().min(1).max(64_000), state: z.string().min(1).max(200) });

const RenewBody = z.strictObject({ session: z.string().min(1).max(8_000) });

/** Run by the launched page: gives the element a way to renew its access token (see LtiService.renew). */
const RENEW_SCRIPT = `(() => {
  const script = document.currentScript;
  const element = document.querySelector('exercise-thread');
  if (!element) return;
  element.tokenProvider = async () => {
    const res = await fetch(script.dataset.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ session: script.dataset.session }),
    });
    if (!res.ok) throw new Error('The token was not renewed (' + res.status + '): launch the tool again.');
    return (await res.json()).access_token;
  };
})();
`;

const ChoiceParams = z.object({
  session: z.string().min(1).max(8_000),
  exercise_id: z.string().max(100).optional(),
  title: Text().max(200).optional(),
  url: Text().max(2000).optional(),
});

/** The LTI endpoints: they turn form posts into service calls and results into pages. */
export function ltiHandlers(lti: LtiService, keys: ToolKeys, urls: { apiBase: string; widgetSrc: string }) {
  function launchPage(result: BoundLaunch): string {
    switch (result.kind) {
      case 'thread':
        return threadPage({ ...urls, exerciseId: result.exerciseId, title: result.exerciseTitle, token: result.token, renewal: result.renewal, role: result.user.role });
      case 'choose':
        return choosePage('bind', result.session, result.catalogue, result.title);
      case 'deep-link':
        return deepLinkPage('deep-link', result.session, result.catalogue);
      case 'not-ready':
        return notReadyPage();
    }
  }

  async function renderLaunch(result: BoundLaunch, req: Request, res: Response): Promise<void> {
    await apply(framedPage(result.platform.frame_origins), req, res);
    res.setHeader('Cache-Control', 'no-store');
    const html = launchPage(result);
    res.type('html').send(result.storage ? storageGate(html, result.storage) : html);
  }

  return {
    /** OIDC third-party login initiation (GET or POST): off to the platform's authorization endpoint. */
    async login(req: Request, res: Response) {
      const { new_window, ...input } = parse(LoginParams, req.method === 'GET' ? { ...req.query } : req.body);
      const result = await lti.login(input, { id: readBrowserId(req.headers.cookie), window: new_window === '1' });
      res.setHeader('Cache-Control', 'no-store');
      if (result.browserId) res.append('Set-Cookie', browserCookie(result.browserId, BROWSER_COOKIE_SECONDS));
      if (!result.storage) return res.redirect(302, result.redirect);
      await apply(framedPage(result.platform.frame_origins), req, res);
      res.type('html').send(loginStoragePage(result.storage, result.redirect, result.fallback));
    },

    async launch(req: Request, res: Response) {
      const input = parse(LaunchParams, req.body);
      try {
        await renderLaunch(await lti.launch(input, readBrowserId(req.headers.cookie)), req, res);
      } catch (error) {
        if (!(error instanceof LtiNewWindowNeeded)) throw error;
        await apply(framedPage(error.platform.frame_origins), req, res);
        res.setHeader('Cache-Control', 'no-store');
        res.status(401).type('html').send(newWindowPage(error.login));
      }
    },

    async bind(req: Request, res: Response) {
      await renderLaunch(await lti.bind(parse(ChoiceParams, req.body)), req, res);
    },

    async deepLink(req: Request, res: Response) {
      const answer = await lti.deepLinkResponse(parse(ChoiceParams, req.body));
      await apply(autoPostHeaders(answer.platform.frame_origins, answer.action), req, res);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(autoPostPage(answer.action, answer.fields));
    },

    /** JSON for the launched page's script; its refusals are problem documents (the app's handler). */
    async token(req: Request, res: Response) {
      const { session } = parse(RenewBody, req.body);
      const renewed = await lti.renew(session);
      res.setHeader('Cache-Control', 'no-store');
      res.json({ access_token: renewed.token, token_type: 'Bearer', expires_in: renewed.expiresIn });
    },

    renewScript(_req: Request, res: Response) {
      res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
      res.send(RENEW_SCRIPT);
    },

    loginStorageScript(_req: Request, res: Response) {
      res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
      res.send(LOGIN_STORAGE_SCRIPT);
    },

    launchStorageScript(_req: Request, res: Response) {
      res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
      res.send(LAUNCH_STORAGE_SCRIPT);
    },

    autoPostScript(_req: Request, res: Response) {
      res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
      res.send("document.getElementById('auto').submit();\n");
    },

    async jwks(_req: Request, res: Response) {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.json(await keys.jwks());
    },

    /** Refusals are pages, not JSON: the person reading them is in an LMS iframe. */
    async error(error: unknown, req: Request, res: Response, next: NextFunction) {
      if (!(error instanceof HttpError) || res.headersSent) return next(error);
      await apply(framedPage(await lti.frameOrigins()), req, res).catch(() => undefined);
      res.setHeader('Cache-Control', 'no-store');
      const detail = error.errors?.length ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : error.message;
      res.status(error.status).type('html').send(errorPage(error.status, detail));
    },
  };
}
