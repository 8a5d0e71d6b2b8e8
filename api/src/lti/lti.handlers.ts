import { z } from 'zod';
import { Text } from '../contract/common.ts';
import { parse } from '../core/parse.ts';
import { autoPostPage, choosePage, deepLinkPage, notReadyPage, threadPage } from './lti-pages.ts';
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

/** What an LTI endpoint answers; lti.routes.ts turns it into HTTP (headers per platform, redirects). */
export type LtiAnswer =
  | { kind: 'redirect'; location: string }
  /** A page framed by the platform's LMS origins; `formTarget` when it auto-posts a form there. */
  | { kind: 'page'; html: string; frameOrigins: string[]; formTarget?: string }
  | { kind: 'json'; body: unknown }
  | { kind: 'script'; text: string }
  | { kind: 'jwks'; body: unknown };

/** The LTI endpoints: they turn form posts into service calls and results into answers. */
export function ltiHandlers(lti: LtiService, keys: ToolKeys, urls: { apiBase: string; widgetSrc: string }) {
  function launchPage(result: LaunchResult): LtiAnswer {
    const page = (html: string): LtiAnswer => ({ kind: 'page', html, frameOrigins: result.platform.frame_origins });
    switch (result.kind) {
      case 'thread':
        return page(threadPage({ ...urls, exerciseId: result.exerciseId, title: result.exerciseTitle, token: result.token, renewal: result.renewal, role: result.user.role }));
      case 'choose':
        return page(choosePage('bind', result.session, result.catalogue, result.title));
      case 'deep-link':
        return page(deepLinkPage('deep-link', result.session, result.catalogue));
      case 'not-ready':
        return page(notReadyPage());
    }
  }

  return {
    /** OIDC third-party login initiation (GET or POST): off to the platform's authorization endpoint. */
    async login(form: unknown): Promise<LtiAnswer> {
      return { kind: 'redirect', location: await lti.login(parse(LoginParams, form)) };
    },

    async launch(form: unknown): Promise<LtiAnswer> {
      return launchPage(await lti.launch(parse(LaunchParams, form)));
    },

    async bind(form: unknown): Promise<LtiAnswer> {
      return launchPage(await lti.bind(parse(ChoiceParams, form)));
    },

    async deepLink(form: unknown): Promise<LtiAnswer> {
      const answer = await lti.deepLinkResponse(parse(ChoiceParams, form));
      return { kind: 'page', html: autoPostPage(answer.action, answer.fields), frameOrigins: answer.platform.frame_origins, formTarget: answer.action };
    },

    /** JSON for the launched page's script; its refusals are problem documents (the app's handler). */
    async token(body: unknown): Promise<LtiAnswer> {
      const { session } = parse(RenewBody, body);
      const renewed = await lti.renew(session);
      return { kind: 'json', body: { access_token: renewed.token, token_type: 'Bearer', expires_in: renewed.expiresIn } };
    },

    renewScript: (): LtiAnswer => ({ kind: 'script', text: RENEW_SCRIPT }),
    autoPostScript: (): LtiAnswer => ({ kind: 'script', text: "document.getElementById('auto').submit();\n" }),
    jwks: async (): Promise<LtiAnswer> => ({ kind: 'jwks', body: await keys.jwks() }),
  };
}
