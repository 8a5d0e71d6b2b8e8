import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { coursePage, formPostPage, messagePage } from './pages.ts';
import { PlatformServices, SCOPES, type Member } from './platform-services.ts';

/**
 * A small LTI 1.3 platform standing in for Canvas: a real HTTP server that signs id_tokens with
 * its own RSA key, serves its JWKS, answers the OIDC authorization request with an auto-posted
 * id_token, shows a Canvas-style course page that launches the tool in an iframe, and accepts
 * Deep Linking answers (verified against the tool's /lti/jwks). Used by the tests and the demo.
 */

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LTI_DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const LTI_AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/';
const LTI_NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/claim/';
const ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

export interface PlatformUser {
  id: string;
  name: string;
  given_name: string;
  family_name: string;
  roles: string[];
}

export interface ResourceLink {
  id: string;
  title: string;
  custom: Record<string, string>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestPlatformOptions {
  /** The tool's origin, e.g. http://localhost:8080. */
  toolUrl: string;
  host?: string;
  port?: number;
  clientId?: string;
  deploymentId?: string;
  /** Offer the 1EdTech postMessage platform storage (`lti_storage_target=_parent`) at login. */
  storageTarget?: boolean;
}

export const USERS: Record<'learner' | 'instructor', PlatformUser> = {
  learner: { id: 'canvas-user-1001', name: 'Ada Learner', given_name: 'Ada', family_name: 'Learner', roles: [`${ROLE}Learner`] },
  instructor: {
    id: 'canvas-user-2001',
    name: 'Ira Instructor',
    given_name: 'Ira',
    family_name: 'Instructor',
    roles: [`${ROLE}Instructor`, 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor'],
  },
};

export const COURSE = { id: 'course-101', label: 'FILM 101', title: 'Film Analysis 101' };

/** A learner enrolled in the course who has never opened the tool: only the roster knows them. */
export const NEVER_LAUNCHED: PlatformUser = { id: 'canvas-user-1002', name: 'Grace Newcomer', given_name: 'Grace', family_name: 'Newcomer', roles: [`${ROLE}Learner`] };

function member(u: PlatformUser): Member {
  return { user_id: u.id, status: 'Active', roles: u.roles, name: u.name, given_name: u.given_name, family_name: u.family_name };
}

async function newKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `platform-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export class TestPlatform {
  readonly clientId: string;
  readonly deploymentId: string;
  readonly links: ResourceLink[] = [{ id: 'link-week-1', title: 'Week 1: your performance', custom: {} }];
  /** Requests the tool made for our JWKS. */
  jwksHits = 0;
  /** When true the JWKS endpoint answers 503, like an LMS outage. */
  jwksDown = false;
  jwksCacheControl = 'public, max-age=300';
  /** The last Deep Linking answer the tool posted, verified. */
  lastDeepLinking: JWTPayload | undefined;
  /** What the next Deep Linking request carries as `data` (opaque: any JSON); a random string when undefined. */
  deepLinkingData: unknown = undefined;
  /** Whether launches carry the AGS and NRPS claims (Canvas: the developer key's scopes). */
  advantage = true;
  /** Token endpoint, line items, scores, results and membership. */
  readonly services: PlatformServices;
  private keys: SigningKey[] = [];
  private server: Server | undefined;
  private origin = '';

  constructor(private readonly options: TestPlatformOptions) {
    this.clientId = options.clientId ?? 'canvas-test-client';
    this.deploymentId = options.deploymentId ?? '1:test-deployment';
    this.services = new PlatformServices({ origin: () => this.origin, toolUrl: () => this.toolUrl, clientId: this.clientId, tokenPath: '/oauth2/token', contextId: COURSE.id });
    this.services.members = [member(USERS.learner), member(USERS.instructor), member(NEVER_LAUNCHED)];
  }

  get url(): string {
    return this.origin;
  }
  get issuer(): string {
    return this.origin;
  }
  get jwksUrl(): string {
    return `${this.origin}/.well-known/jwks.json`;
  }
  get authUrl(): string {
    return `${this.origin}/oidc/auth`;
  }
  get tokenUrl(): string {
    return `${this.origin}/oauth2/token`;
  }
  get toolUrl(): string {
    return this.options.toolUrl.replace(/\/$/, '');
  }
  /** The current signing key's kid. */
  get kid(): string {
    return (this.keys.at(-1) as SigningKey).kid;
  }

  async start(): Promise<this> {
    this.keys = [await newKey()];
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve) => (this.server as Server).listen(this.options.port ?? 0, host, resolve));
    const { port } = (this.server as Server).address() as AddressInfo;
    this.origin = `http://${host}:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** A new signing key; the old one stays published (the overlap) until dropOldKeys(). */
  async rotateKey(): Promise<void> {
    this.keys.push(await newKey());
  }

  dropOldKeys(): void {
    this.keys = this.keys.slice(-1);
  }

  /** The registration the tool needs: `npm run cli -- platform:register ...`. */
  registration(tenantId: string) {
    return {
      tenant: tenantId,
      issuer: this.issuer,
      'client-id': this.clientId,
      'auth-url': this.authUrl,
      'token-url': this.tokenUrl,
      'jwks-url': this.jwksUrl,
      'deployment-id': [this.deploymentId],
      'frame-origin': [this.origin],
    };
  }

  /** The login initiation URL the course page frames. */
  loginUrl(user: keyof typeof USERS, hint: { link: string } | { deepLink: true }): string {
    const u = new URL(`${this.toolUrl}/lti/login`);
    u.searchParams.set('iss', this.issuer);
    u.searchParams.set('login_hint', USERS[user].id);
    u.searchParams.set('target_link_uri', `${this.toolUrl}/lti/launch`);
    u.searchParams.set('lti_message_hint', JSON.stringify(hint));
    u.searchParams.set('client_id', this.clientId);
    u.searchParams.set('lti_deployment_id', this.deploymentId);
    if (this.options.storageTarget) u.searchParams.set('lti_storage_target', '_parent');
    return u.toString();
  }

  /** The claims a launch carries; tests alter them to prove the tool's refusals. */
  launchClaims(user: PlatformUser, nonce: string, hint: { link: string } | { deepLink: true }): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    const base: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: user.id,
      iat: now,
      exp: now + 300,
      nonce,
      name: user.name,
      given_name: user.given_name,
      family_name: user.family_name,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: this.deploymentId,
      [`${LTI}target_link_uri`]: `${this.toolUrl}/lti/launch`,
      [`${LTI}roles`]: user.roles,
      [`${LTI}context`]: { ...COURSE, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [`${LTI}tool_platform`]: { guid: 'test-platform', name: 'Canvas (test platform)', product_family_code: 'canvas' },
      [`${LTI}launch_presentation`]: { document_target: 'iframe', return_url: `${this.origin}/course` },
      ...(this.advantage && {
        [`${LTI_NRPS}namesroleservice`]: { context_memberships_url: this.services.membershipsUrl, service_versions: ['2.0'] },
      }),
    };
    if ('deepLink' in hint) {
      return {
        ...base,
        [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
        [`${LTI_DL}deep_linking_settings`]: {
          deep_link_return_url: `${this.origin}/deep-link-return`,
          accept_types: ['ltiResourceLink'],
          accept_presentation_document_targets: ['iframe', 'window'],
          accept_multiple: false,
          accept_lineitem: true,
          data: this.deepLinkingData === undefined ? `dl-${randomBytes(6).toString('hex')}` : this.deepLinkingData,
        },
      };
    }
    const link = this.links.find((l) => l.id === hint.link);
    const lineItem = [...this.services.lineItems.values()].find((i) => i.resourceLinkId === hint.link);
    return {
      ...base,
      ...(this.advantage && {
        [`${LTI_AGS}endpoint`]: {
          scope: [SCOPES.lineItem, SCOPES.resultReadonly, SCOPES.score],
          lineitems: this.services.lineItemsUrl,
          ...(lineItem && { lineitem: lineItem.id }),
        },
      }),
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}resource_link`]: { id: hint.link, title: link?.title ?? hint.link },
      [`${LTI}custom`]: link?.custom ?? {},
    };
  }

  /** Signs claims as this platform (RS256, current key) unless told otherwise. */
  async sign(claims: JWTPayload, options: { kid?: string; key?: CryptoKey | Uint8Array; alg?: string } = {}): Promise<string> {
    const current = this.keys.find((k) => k.kid === options.kid) ?? (this.keys.at(-1) as SigningKey);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? current.kid, typ: 'JWT' })
      .sign(options.key ?? current.privateKey);
  }

  /** The public key of the current signing key, as JWK (for the HS256-with-public-key attack). */
  get publicJwk(): JWK {
    return (this.keys.at(-1) as SigningKey).publicJwk;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (await this.services.handle(req, res, url)) return;
    if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json') {
      this.jwksHits += 1;
      if (this.jwksDown) return send(res, 503, 'text/plain', 'down');
      return send(res, 200, 'application/json', JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }), { 'cache-control': this.jwksCacheControl });
    }
    if (req.method === 'GET' && url.pathname === '/oidc/auth') return this.authorize(url.searchParams, res);
    if (req.method === 'POST' && url.pathname === '/deep-link-return') return this.deepLinkReturn(await readForm(req), res);
    if (req.method === 'GET' && (url.pathname === '/course' || url.pathname === '/')) {
      const as = url.searchParams.get('as') === 'instructor' ? 'instructor' : 'learner';
      const deep = as === 'instructor' && url.searchParams.get('add') === '1';
      const linkId = url.searchParams.get('link') ?? this.links.at(-1)?.id;
      const frame = deep ? this.loginUrl(as, { deepLink: true }) : linkId ? this.loginUrl(as, { link: linkId }) : undefined;
      return send(res, 200, 'text/html; charset=utf-8', coursePage({ as, user: USERS[as], course: COURSE, links: this.links, current: deep ? undefined : linkId, frame, storage: this.options.storageTarget === true }));
    }
    send(res, 404, 'text/plain', 'not found');
  }

  /** The OIDC authorization endpoint: checks the tool's request, then posts an id_token back to it. */
  private async authorize(q: URLSearchParams, res: ServerResponse): Promise<void> {
    const problems: string[] = [];
    const expect: Record<string, string> = { scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: this.clientId };
    for (const [k, v] of Object.entries(expect)) if (q.get(k) !== v) problems.push(`${k} must be ${v}`);
    const redirect = q.get('redirect_uri') ?? '';
    if (redirect !== `${this.toolUrl}/lti/launch`) problems.push('redirect_uri is not registered');
    const user = Object.values(USERS).find((u) => u.id === q.get('login_hint'));
    if (!user) problems.push('unknown login_hint');
    const state = q.get('state');
    const nonce = q.get('nonce');
    if (!state || !nonce) problems.push('state and nonce are required');
    if (problems.length || !user || !state || !nonce) return send(res, 400, 'text/plain', problems.join('\n'));
    let hint: { link: string } | { deepLink: true };
    try {
      hint = JSON.parse(q.get('lti_message_hint') ?? '') as typeof hint;
    } catch {
      return send(res, 400, 'text/plain', 'bad lti_message_hint');
    }
    const idToken = await this.sign(this.launchClaims(user, nonce, hint));
    send(res, 200, 'text/html; charset=utf-8', formPostPage(redirect, { id_token: idToken, state }));
  }

  /** Deep Linking return: verify the tool's JWT against its published keys, then add the link to the course. */
  private async deepLinkReturn(form: URLSearchParams, res: ServerResponse): Promise<void> {
    const jwt = form.get('JWT') ?? '';
    const jwks = createRemoteJWKSet(new URL(`${this.toolUrl}/lti/jwks`));
    const { payload } = await jwtVerify(jwt, jwks, { algorithms: ['RS256'], issuer: this.clientId, audience: this.issuer });
    if (payload[`${LTI}message_type`] !== 'LtiDeepLinkingResponse') return send(res, 400, 'text/plain', 'not a Deep Linking response');
    this.lastDeepLinking = payload;
    const items = (payload[`${LTI_DL}content_items`] ?? []) as {
      type: string;
      title?: string;
      custom?: Record<string, string>;
      lineItem?: { scoreMaximum?: number; label?: string; resourceId?: string; tag?: string };
    }[];
    const added: ResourceLink[] = [];
    for (const item of items.filter((i) => i.type === 'ltiResourceLink')) {
      const link = { id: `link-${randomBytes(4).toString('hex')}`, title: item.title ?? 'Exercise', custom: item.custom ?? {} };
      this.links.push(link);
      added.push(link);
      // As Canvas does: a content item declaring a lineItem gets a gradebook column bound to the new link.
      if (item.lineItem && typeof item.lineItem.scoreMaximum === 'number') {
        const { scoreMaximum, label, resourceId, tag } = item.lineItem;
        this.services.addLineItem({
          scoreMaximum,
          label: label ?? link.title,
          resourceLinkId: link.id,
          ...(resourceId !== undefined && { resourceId }),
          ...(tag !== undefined && { tag }),
        });
      }
    }
    send(res, 200, 'text/html; charset=utf-8', messagePage(added.length ? `Added “${added.map((l) => l.title).join(', ')}” to the course.` : 'Nothing was added.', `${this.origin}/course?as=instructor`));
  }
}
