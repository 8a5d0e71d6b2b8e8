import type { Request, Response, NextFunction } from 'express';
import { z } from 'zod';
import { Text } from '../contract/common.ts';
import { HttpError } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { apply, autoPostHeaders, framedPage } from './lti-headers.ts';
import { autoPostPage, choosePage, deepLinkPage, errorPage, notReadyPage, threadPage } from './lti-pages.ts';
import type { LaunchResult, LtiService } from './lti.service.ts';
import type { ToolKeys } from './tool-keys.ts';

const LoginParams = z.object({
  iss: z.string().min(1).max(2000),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(500).optional(),
  lti_deployment_id: z.string().max(500).optional(),
  lti_storage_target: z.string().max(200).optional(),
});

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
  async function renderLaunch(result: LaunchResult, req: Request, res: Response): Promise<void> {
    await apply(framedPage(result.platform.frame_origins), req, res);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html');
    switch (result.kind) {
      case 'thread':
        res.send(threadPage({ ...urls, exerciseId: result.exerciseId, title: result.exerciseTitle, token: result.token, renewal: result.renewal, role: result.user.role }));
        return;
      case 'choose':
        res.send(choosePage('bind', result.session, result.catalogue, result.title));
        return;
      case 'deep-link':
        res.send(deepLinkPage('deep-link', result.session, result.catalogue));
        return;
      case 'not-ready':
        res.send(notReadyPage());
    }
  }

  return {
    /** OIDC third-party login initiation (GET or POST): off to the platform's authorization endpoint. */
    async login(req: Request, res: Response) {
      const input = parse(LoginParams, req.method === 'GET' ? { ...req.query } : req.body);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, await lti.login(input));
    },

    async launch(req: Request, res: Response) {
      const input = parse(LaunchParams, req.body);
      await renderLaunch(await lti.launch(input), req, res);
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
