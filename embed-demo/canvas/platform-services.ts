import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/**
 * The test platform's LTI Advantage services, spoken as Canvas and Moodle speak them:
 * - the OAuth 2 token endpoint (client-credentials grant, RFC 7523 client assertion verified
 *   against the tool's own /lti/jwks; RS256 only; each jti once);
 * - Assignment and Grade Services 2.0: line items (container and item), scores, results;
 * - Names and Role Provisioning Services 2.0: the course's membership, paged with Link rel="next",
 *   a rel="differences" link on the last page: the changes since that read (members added or
 *   changed, and those removed, as status Deleted), paged the same way.
 * `outage(n)` makes the next n service requests answer 503, like an LMS having a bad minute.
 */

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  membership: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

const MEDIA = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItems: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  results: 'application/vnd.ims.lis.v2.resultcontainer+json',
  members: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
};

export interface LineItem {
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

export interface Score {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  timestamp: string;
  activityProgress: string;
  gradingProgress: string;
}

export interface Member {
  user_id: string;
  status: 'Active' | 'Inactive' | 'Deleted';
  roles: string[];
  name?: string;
  given_name?: string;
  family_name?: string;
}

interface IssuedToken {
  scopes: Set<string>;
  expiresAt: number;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, type: string, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  json(res, status, 'application/json', { error, error_description: description });
}

export class PlatformServices {
  /** Seconds a token lives; tests shorten it. */
  tokenLifetimeSeconds = 3600;
  /** Token requests the platform answered with a token. */
  tokensIssued = 0;
  /** Scopes the platform grants this tool (an admin's developer key settings). */
  grantableScopes = new Set<string>(Object.values(SCOPES));
  /** Service requests (not token requests) received, outages included: all, and AGS's alone. */
  serviceHits = 0;
  agsHits = 0;
  /** Members per page of the membership service. */
  pageSize = 2;
  readonly lineItems = new Map<string, LineItem>();
  /** Every score accepted, per line item URL, in order. */
  readonly scores = new Map<string, Score[]>();
  /** Membership reads that were differences (`?since=`). */
  differencesHits = 0;
  /** The membership as it stands, and when (a version number) each member last changed or left. */
  #members: Member[] = [];
  #version = 0;
  readonly #changedAt = new Map<string, number>();
  readonly #removed = new Map<string, { member: Member; at: number }>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly seenJti = new Set<string>();
  private failuresLeft = 0;

  constructor(private readonly p: { origin: () => string; toolUrl: () => string; clientId: string; tokenPath: string; contextId: string }) {}

  /** The course's membership, as the platform states it; setting it records what changed, for the differences service. */
  get members(): Member[] {
    return this.#members;
  }

  set members(next: Member[]) {
    this.#version += 1;
    const before = new Map(this.#members.map((m) => [m.user_id, JSON.stringify(m)]));
    for (const m of next) {
      if (before.get(m.user_id) !== JSON.stringify(m)) this.#changedAt.set(m.user_id, this.#version);
      this.#removed.delete(m.user_id);
      before.delete(m.user_id);
    }
    for (const gone of this.#members.filter((m) => before.has(m.user_id))) {
      this.#changedAt.delete(gone.user_id);
      this.#removed.set(gone.user_id, { member: { ...gone, status: 'Deleted' }, at: this.#version });
    }
    this.#members = next;
  }

  get lineItemsUrl(): string {
    return `${this.p.origin()}/api/lti/courses/${this.p.contextId}/line_items`;
  }

  get membershipsUrl(): string {
    return `${this.p.origin()}/api/lti/courses/${this.p.contextId}/names_and_roles`;
  }

  /** The next `requests` service requests answer 503 (Infinity: until `outage(0)`). */
  outage(requests: number): void {
    this.failuresLeft = requests;
  }

  /** Forgets every token it issued, as a platform does when an admin rotates the tool's key. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** A line item the platform made itself, as Canvas does for a Deep Linking content item's `lineItem`. */
  addLineItem(item: Omit<LineItem, 'id'>): LineItem {
    const id = `${this.lineItemsUrl}/${randomBytes(4).toString('hex')}`;
    const made = { ...item, id };
    this.lineItems.set(id, made);
    return made;
  }

  /** Handles the request when it is one of the services' URLs; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === this.p.tokenPath && req.method === 'POST') {
      await this.token(req, res);
      return true;
    }
    const base = new URL(this.lineItemsUrl).pathname;
    const members = new URL(this.membershipsUrl).pathname;
    if (!url.pathname.startsWith(base) && url.pathname !== members) return false;
    this.serviceHits += 1;
    if (url.pathname !== members) this.agsHits += 1;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      json(res, 503, 'application/json', { error: 'service unavailable' }, { 'retry-after': '1' });
      return true;
    }
    if (url.pathname === members) {
      if (this.authorize(req, res, [SCOPES.membership]) && req.method === 'GET') this.membership(res, url);
      return true;
    }
    const rest = url.pathname.slice(base.length);
    if (rest === '' || rest === '/') await this.container(req, res, url);
    else {
      const [, itemId, sub] = /^\/([^/]+)(?:\/(scores|results))?$/.exec(rest) ?? [];
      const item = itemId ? this.lineItems.get(`${this.lineItemsUrl}/${itemId}`) : undefined;
      if (!item) json(res, 404, 'application/json', { error: 'no such line item' });
      else if (sub === 'scores') await this.score(req, res, item);
      else if (sub === 'results') this.results(req, res, item, url);
      else if (this.authorize(req, res, [SCOPES.lineItem, SCOPES.lineItemReadonly])) json(res, 200, MEDIA.lineItem, item);
    }
    return true;
  }

  /** The OAuth 2 token endpoint: client_credentials with a private_key_jwt assertion (1EdTech Security Framework §4.1). */
  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    if (form.get('grant_type') !== 'client_credentials') return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return oauthError(res, 400, 'invalid_request', 'client_assertion_type must be jwt-bearer');
    }
    let claims: JWTPayload;
    try {
      const jwks = createRemoteJWKSet(new URL(`${this.p.toolUrl()}/lti/jwks`));
      ({ payload: claims } = await jwtVerify(form.get('client_assertion') ?? '', jwks, {
        algorithms: ['RS256'],
        issuer: this.p.clientId,
        subject: this.p.clientId,
        audience: `${this.p.origin()}${this.p.tokenPath}`,
        requiredClaims: ['jti', 'exp', 'iat'],
        maxTokenAge: '5 minutes',
      }));
    } catch (error) {
      return oauthError(res, 401, 'invalid_client', `client assertion refused: ${(error as Error).message}`);
    }
    const jti = claims.jti as string;
    if (this.seenJti.has(jti)) return oauthError(res, 401, 'invalid_client', 'client assertion replayed (jti seen)');
    this.seenJti.add(jti);
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (!asked.length || asked.some((s) => !this.grantableScopes.has(s))) return oauthError(res, 400, 'invalid_scope', `scope not granted: ${asked.join(' ')}`);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { scopes: new Set(asked), expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    this.tokensIssued += 1;
    json(res, 200, 'application/json', { access_token: token, token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, scope: asked.join(' ') });
  }

  /** A bearer token granting one of `anyOf`; answers 401/403 itself when not. */
  private authorize(req: IncomingMessage, res: ServerResponse, anyOf: string[]): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) {
      json(res, 401, 'application/json', { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return false;
    }
    if (!anyOf.some((s) => issued.scopes.has(s))) {
      json(res, 403, 'application/json', { error: 'insufficient_scope' });
      return false;
    }
    return true;
  }

  private async container(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET') {
      if (!this.authorize(req, res, [SCOPES.lineItem, SCOPES.lineItemReadonly])) return;
      const q = url.searchParams;
      const items = [...this.lineItems.values()].filter(
        (i) =>
          (!q.has('resource_link_id') || i.resourceLinkId === q.get('resource_link_id')) &&
          (!q.has('resource_id') || i.resourceId === q.get('resource_id')) &&
          (!q.has('tag') || i.tag === q.get('tag')),
      );
      return json(res, 200, MEDIA.lineItems, items);
    }
    if (req.method !== 'POST') return json(res, 405, 'application/json', { error: 'method not allowed' });
    if (!this.authorize(req, res, [SCOPES.lineItem])) return;
    if (!req.headers['content-type']?.startsWith(MEDIA.lineItem)) return json(res, 415, 'application/json', { error: `content-type must be ${MEDIA.lineItem}` });
    const body = JSON.parse(await readBody(req)) as Partial<LineItem>;
    if (typeof body.label !== 'string' || !body.label || typeof body.scoreMaximum !== 'number' || !(body.scoreMaximum > 0)) {
      return json(res, 400, 'application/json', { error: 'label and a positive scoreMaximum are required' });
    }
    const made = this.addLineItem({
      label: body.label,
      scoreMaximum: body.scoreMaximum,
      ...(body.resourceId !== undefined && { resourceId: body.resourceId }),
      ...(body.resourceLinkId !== undefined && { resourceLinkId: body.resourceLinkId }),
      ...(body.tag !== undefined && { tag: body.tag }),
    });
    json(res, 201, MEDIA.lineItem, made);
  }

  /** AGS scores: the platform keeps the latest by timestamp; an older one is refused, as the spec allows. */
  private async score(req: IncomingMessage, res: ServerResponse, item: LineItem): Promise<void> {
    if (req.method !== 'POST') return json(res, 405, 'application/json', { error: 'method not allowed' });
    if (!this.authorize(req, res, [SCOPES.score])) return;
    if (!req.headers['content-type']?.startsWith(MEDIA.score)) return json(res, 415, 'application/json', { error: `content-type must be ${MEDIA.score}` });
    const s = JSON.parse(await readBody(req)) as Score;
    const problems: string[] = [];
    if (typeof s.userId !== 'string' || !s.userId) problems.push('userId');
    if (typeof s.timestamp !== 'string' || Number.isNaN(Date.parse(s.timestamp))) problems.push('timestamp');
    if (!['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'].includes(s.activityProgress)) problems.push('activityProgress');
    if (!['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'].includes(s.gradingProgress)) problems.push('gradingProgress');
    if (s.scoreGiven !== undefined && (typeof s.scoreMaximum !== 'number' || s.scoreMaximum <= 0 || s.scoreGiven < 0)) problems.push('scoreMaximum');
    if (problems.length) return json(res, 400, 'application/json', { error: `invalid ${problems.join(', ')}` });
    const list = this.scores.get(item.id) ?? [];
    const last = [...list].reverse().find((x) => x.userId === s.userId);
    if (last && Date.parse(s.timestamp) < Date.parse(last.timestamp)) return json(res, 409, 'application/json', { error: 'a newer score exists' });
    list.push(s);
    this.scores.set(item.id, list);
    res.writeHead(200, { 'cache-control': 'no-store' }).end();
  }

  private results(req: IncomingMessage, res: ServerResponse, item: LineItem, url: URL): void {
    if (req.method !== 'GET' || !this.authorize(req, res, [SCOPES.resultReadonly])) return;
    const latest = new Map<string, Score>();
    for (const s of this.scores.get(item.id) ?? []) latest.set(s.userId, s);
    const only = url.searchParams.get('user_id');
    const results = [...latest.values()]
      .filter((s) => !only || s.userId === only)
      .map((s) => ({
        id: `${item.id}/results/${encodeURIComponent(s.userId)}`,
        scoreOf: item.id,
        userId: s.userId,
        ...(s.scoreGiven !== undefined && { resultScore: s.scoreGiven, resultMaximum: s.scoreMaximum }),
        ...(s.comment !== undefined && { comment: s.comment }),
      }));
    json(res, 200, MEDIA.results, results);
  }

  /**
   * NRPS 2.0: pages of `pageSize` (or `limit`) members, the next page in a Link header. With
   * `since` (from a differences link), only who changed after that version: added or changed
   * members as they are now, removed ones with status Deleted.
   */
  private membership(res: ServerResponse, url: URL): void {
    const limit = Math.max(1, Number(url.searchParams.get('limit') ?? this.pageSize) || this.pageSize);
    const from = Math.max(0, Number(url.searchParams.get('from') ?? 0) || 0);
    const since = url.searchParams.get('since');
    let all = this.#members;
    if (since !== null) {
      this.differencesHits += 1;
      const v = Number(since);
      all = [...this.#members.filter((m) => (this.#changedAt.get(m.user_id) ?? 0) > v), ...[...this.#removed.values()].filter((r) => r.at > v).map((r) => r.member)];
    }
    const page = all.slice(from, from + limit);
    const links: string[] = [];
    if (from + limit < all.length) {
      const next = new URL(this.membershipsUrl);
      if (since !== null) next.searchParams.set('since', since);
      next.searchParams.set('limit', String(limit));
      next.searchParams.set('from', String(from + limit));
      links.push(`<${next}>; rel="next"`);
    } else {
      links.push(`<${this.membershipsUrl}?since=${this.#version}>; rel="differences"`);
    }
    json(
      res,
      200,
      MEDIA.members,
      { id: url.toString(), context: { id: this.p.contextId }, members: page },
      { link: links.join(', ') },
    );
  }
}
