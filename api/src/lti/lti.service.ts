import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Role, UserPrincipal } from '../auth/principal.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { ExerciseView } from '../contract/exercises.ts';
import { DEFAULT_MAX_SCORE } from '../contract/grades.ts';
import type { Database } from '../db/database.ts';
import { isUuid } from '../db/types.ts';
import { DomainError, NotFoundError, ValidationError } from '../errors/domain-errors.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import {
  DEEP_LINKING_REQUEST,
  LTI,
  LTI_AGS_ENDPOINT,
  LTI_DL,
  LTI_NRPS,
  LTI_VERSION,
  LaunchClaims,
  displayName,
  lmsUrl,
  mapRoles,
} from './lti-claims.ts';
import type { CatalogueEntry, LoginStateRow, LtiRepository, NewPlatform, PlatformRow, ResourceLinkRow } from './lti.repository.ts';
import type { PlatformKeys } from './platform-keys.ts';
import type { ToolKeys } from './tool-keys.ts';
import { bindLogin, checkLaunch, storageKeys, type Binding } from './browser-binding.ts';

const STATE_TTL_MS = 10 * 60_000;
const SESSION_TTL_SECONDS = 30 * 60;
const DEEP_LINK_RESPONSE_TTL_SECONDS = 5 * 60;
// The id_token is posted straight from the platform's redirect: a few minutes is ample.
const ID_TOKEN_MAX_AGE = '10 minutes';
const CLOCK_TOLERANCE_SECONDS = 60;
/** Marks the line items this tool made or declared. */
export const LINE_ITEM_TAG = 'exercise-threads';

const ANONYMOUS =
  'This activity needs to know who you are, and your course opened it anonymously (without your user id), so it cannot keep your thread for you. ' +
  'Administrators: let the platform share the user’s identity with this tool — in Canvas, the developer key’s Privacy Level (Public, or Name Only; not Anonymous); ' +
  'in Moodle, the external tool’s Privacy settings (Share launcher’s name with tool: Always).';

/** A launch or login the tool refuses; rendered as a page, since it is usually inside an iframe. */
export class LtiError extends DomainError {
  constructor(detail: string, status = 401) {
    super(status, 'lti-refused', 'LTI request refused', detail);
  }
}

/** What a caller creating an exercise through Deep Linking needs of the exercises service. */
export interface ExerciseCreator {
  create(p: UserPrincipal, body: { title: string; source: { type: 'youtube' | 'url'; url: string } }): Promise<ExerciseView>;
}

export interface LoginInput {
  iss: string;
  login_hint: string;
  target_link_uri: string;
  lti_message_hint?: string | undefined;
  client_id?: string | undefined;
  lti_deployment_id?: string | undefined;
  /** The platform's postMessage storage frame (`_parent` or a frame name), when it offers one. */
  lti_storage_target?: string | undefined;
}

/** Where the login goes next, and how the browser is bound to it. */
export interface LoginResult {
  platform: PlatformRow;
  /** The platform's authorization request. */
  redirect: string;
  binding: Binding;
  /** The browser id to keep in the cookie (cookie and window bindings). */
  browserId: string | undefined;
  /** Storage binding: what the login page puts into the platform's frame before going on. */
  storage?: StorageBinding;
  /** The same login without the storage target: where the page goes when the platform's frame does not answer. */
  fallback: string;
}

export interface StorageBinding {
  target: string;
  /** The platform's origin (its authorization endpoint's): messages go to it and are taken only from it. */
  origin: string;
  state: string;
  nonce: string;
  keys: { state: string; nonce: string };
}

/** The launch came without the cookie the login set: the browser keeps none in frames. Restart the login top-level. */
export class LtiNewWindowNeeded extends LtiError {
  constructor(
    readonly platform: PlatformRow,
    readonly login: LoginInput,
  ) {
    super('This browser does not keep the tool’s cookie inside the course page: open the activity in a new window.', 401);
  }
}

/** What a signed session carries from one tool page to the next form post (no cookies in an iframe). */
interface Session {
  /** `renew`: the launched page renews its access token with it, until the launch is too old. */
  kind: 'deep-link' | 'bind' | 'renew';
  platformId: string;
  tenantId: string;
  userId: string;
  contextId: string | null;
  deploymentId: string;
  /** Deep Linking: where to post the answer, and the platform's opaque data to echo. */
  returnUrl?: string;
  data?: unknown;
  /** Deep Linking: the platform's `accept_lineitem` (undefined: it did not say). */
  acceptLineItem?: boolean;
  /** Binding: the resource link to bind. */
  resourceLinkId?: string;
}

/** Who launched, from where: what every kind of session carries. */
type SessionBase = Pick<Session, 'platformId' | 'tenantId' | 'userId' | 'contextId' | 'deploymentId'>;

export type LaunchResult =
  | { kind: 'thread'; platform: PlatformRow; exerciseId: string; exerciseTitle: string; token: string; renewal: string; user: UserPrincipal }
  | { kind: 'choose'; platform: PlatformRow; catalogue: CatalogueEntry[]; session: string; title: string }
  | { kind: 'deep-link'; platform: PlatformRow; catalogue: CatalogueEntry[]; session: string }
  | { kind: 'not-ready'; platform: PlatformRow };

/** A launch result, and the platform-storage check its page must pass before showing it. */
export type BoundLaunch = LaunchResult & { storage?: StorageBinding | undefined };

export interface AutoPost {
  platform: PlatformRow;
  action: string;
  fields: Record<string, string>;
}

/**
 * LTI 1.3: OIDC login initiation, the launch (id_token checks per the 1EdTech Security
 * Framework), Deep Linking 2.0, and binding resource links to exercises.
 */
export class LtiService {
  private readonly sessionKey: Uint8Array;

  constructor(
    private readonly db: Database,
    private readonly repo: LtiRepository,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly toolKeys: ToolKeys,
    private readonly platformKeys: PlatformKeys,
    private readonly exercises: () => ExerciseCreator | undefined,
    private readonly options: {
      publicUrl: string;
      jwtSecret: string;
      tokenTtlSeconds: number;
      sessionSeconds: number;
      /**
       * An instructor launched from a course: its roster may be due for a sync. The launch waits
       * for it at most `rosterWaitMs`, so the switcher's first load usually has the whole roster.
       */
      onInstructorLaunch?: (contextId: string) => Promise<unknown>;
      rosterWaitMs?: number;
    },
  ) {
    // Its own key, derived from the secret: a session can never pass for a user token.
    this.sessionKey = createHmac('sha256', options.jwtSecret).update('lti-session').digest();
  }

  /** Adds a platform (or updates it: issuer + client id name a registration). */
  registerPlatform(input: NewPlatform): Promise<PlatformRow> {
    return this.repo.upsertPlatform(input);
  }

  get launchUrl(): string {
    return `${this.options.publicUrl}/lti/launch`;
  }

  async frameOrigins(platform?: PlatformRow): Promise<string[]> {
    return platform ? platform.frame_origins : this.repo.allFrameOrigins();
  }

  // Login initiation

  /** Returns the platform's authorization URL to redirect to, with a fresh state and nonce kept server-side. */
  async login(input: LoginInput, browser: { id: string | undefined; window: boolean } = { id: undefined, window: false }): Promise<LoginResult> {
    const target = this.ownUrl(input.target_link_uri);
    if (!target) throw new LtiError('target_link_uri must be a URL of this tool.', 400);
    const candidates = (await this.repo.findPlatformsByIssuer(input.iss)).filter((p) => !input.client_id || p.client_id === input.client_id);
    if (candidates.length !== 1) {
      throw new LtiError(candidates.length ? 'Several registrations share this issuer: send client_id.' : 'This platform is not registered with the tool.', 400);
    }
    const platform = candidates[0] as PlatformRow;
    if (input.lti_deployment_id !== undefined && !platform.deployment_ids.includes(input.lti_deployment_id)) {
      throw new LtiError('This deployment is not registered with the tool.', 403);
    }
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    const now = Date.now();
    await this.repo.purgeExpired(new Date(now));
    const bound = bindLogin({ storageTarget: input.lti_storage_target, browserId: browser.id, window: browser.window });
    const login: LoginInput = { ...input, lti_storage_target: undefined };
    await this.repo.insertState({
      state,
      nonce,
      platform_id: platform.id,
      target_link_uri: target,
      expires_at: new Date(now + STATE_TTL_MS),
      binding: bound.binding,
      browser_hash: bound.browserHash,
      login: { ...login, ...(bound.binding === 'storage' && { lti_storage_target: input.lti_storage_target }) },
    });
    const auth = new URL(platform.auth_url);
    const params: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.client_id,
      redirect_uri: this.launchUrl,
      login_hint: input.login_hint,
      state,
      nonce,
    };
    if (input.lti_message_hint !== undefined) params.lti_message_hint = input.lti_message_hint;
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    const fallback = new URL(`${this.options.publicUrl}/lti/login`);
    for (const [k, v] of Object.entries(login)) if (typeof v === 'string') fallback.searchParams.set(k, v);
    return {
      platform,
      redirect: auth.toString(),
      binding: bound.binding,
      browserId: bound.browserId,
      fallback: fallback.toString(),
      ...(bound.binding === 'storage' && { storage: this.storageBinding(platform, input.lti_storage_target as string, state, nonce) }),
    };
  }

  private storageBinding(platform: PlatformRow, target: string, state: string, nonce: string): StorageBinding {
    return { target, origin: new URL(platform.auth_url).origin, state, nonce, keys: storageKeys(state, nonce) };
  }

  /** Only this tool's own pages are launch targets: never an open redirect. */
  private ownUrl(value: string): string | undefined {
    try {
      const url = new URL(value);
      const own = new URL(this.options.publicUrl);
      return url.origin === own.origin && url.pathname.startsWith('/lti/') ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  }

  // Launch

  /** The launch, with the browser id its cookie brought (if any): see browser-binding.ts. */
  async launch(input: { id_token: string; state: string }, browserId?: string): Promise<BoundLaunch> {
    const saved = await this.repo.takeState(input.state);
    if (!saved || saved.expires_at.getTime() < Date.now()) throw new LtiError('Unknown or expired state: start the launch again from the course.');
    const platform = await this.repo.findPlatform(saved.platform_id);
    if (!platform) throw new LtiError('This platform is no longer registered.', 403);
    const check = checkLaunch(saved, browserId);
    if (!check.ok) {
      if (check.reason === 'no-cookie' && saved.login) throw new LtiNewWindowNeeded(platform, saved.login as unknown as LoginInput);
      if (check.reason === 'mismatch') throw new LtiError('This launch was started in another browser. Open the activity again from your course.', 403);
      throw new LtiError('Your browser keeps no cookies for this tool, even in its own window: allow cookies for this site, then open the activity again.');
    }
    const storageTarget = saved.binding === 'storage' ? saved.login?.lti_storage_target : undefined;
    const storage = typeof storageTarget === 'string' ? this.storageBinding(platform, storageTarget, saved.state, saved.nonce) : undefined;
    return { ...(await this.verifiedLaunch(input, saved, platform)), storage };
  }

  private async verifiedLaunch(input: { id_token: string }, saved: LoginStateRow, platform: PlatformRow): Promise<LaunchResult> {

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(input.id_token, this.platformKeys.resolver(platform.jwks_url), {
        algorithms: ['RS256'],
        issuer: platform.issuer,
        audience: platform.client_id,
        // No `sub` is an anonymous launch (LTI Core §5.3.6.1): refused below with its own page.
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'nonce'],
        maxTokenAge: ID_TOKEN_MAX_AGE,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw new LtiError(`The id_token was refused: ${describeJoseError(error)}`);
    }
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp === undefined) throw new LtiError('The id_token has several audiences and no azp.');
    if (payload.azp !== undefined && payload.azp !== platform.client_id) throw new LtiError('The id_token was issued to another client (azp).');
    const parsed = LaunchClaims.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LtiError(`The id_token lacks a valid claim ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`, 400);
    }
    const claims = parsed.data;
    if (claims.sub === undefined) throw new LtiError(ANONYMOUS, 401);
    const sub = claims.sub;
    if (claims.nonce !== saved.nonce) throw new LtiError('The id_token’s nonce does not match this login.');
    if (!(await this.repo.rememberNonce(platform.id, claims.nonce, new Date(claims.exp * 1000 + CLOCK_TOLERANCE_SECONDS * 1000)))) {
      throw new LtiError('This id_token has already been used.');
    }
    const deploymentId = claims[`${LTI}deployment_id`];
    if (!platform.deployment_ids.includes(deploymentId)) throw new LtiError('This deployment is not registered with the tool.', 403);

    const role = mapRoles(claims[`${LTI}roles`]);
    const messageType = claims[`${LTI}message_type`];
    const contextClaim = claims[`${LTI}context`];
    const resourceLink = claims[`${LTI}resource_link`];
    if (messageType !== DEEP_LINKING_REQUEST && !resourceLink) throw new LtiError('A resource link launch needs the resource_link claim.', 400);
    const settings = claims[`${LTI_DL}deep_linking_settings`];
    if (messageType === DEEP_LINKING_REQUEST) {
      if (!settings) throw new LtiError('A Deep Linking request needs deep_linking_settings.', 400);
      if (!settings.accept_types.includes('ltiResourceLink')) throw new LtiError('This placement does not accept LTI resource links.', 400);
      if (role !== 'instructor') throw new LtiError('Only instructors add exercises to a course.', 403);
    }

    const { user, contextId, link } = await this.db.transaction(async (trx) => {
      const user = await this.users.upsert(
        { tenant_id: platform.tenant_id, external_id: `${platform.issuer}#${sub}`, display_name: displayName(claims, sub), role, email: claims.email, locale: claims.locale?.replace('_', '-') },
        trx,
      );
      let contextId: string | null = null;
      if (contextClaim) {
        const ctx = await this.repo.upsertContext(
          { tenant_id: platform.tenant_id, platform_id: platform.id, context_id: contextClaim.id, title: contextClaim.title ?? contextClaim.label ?? '' },
          trx,
        );
        contextId = ctx.id;
        await this.repo.addMember(platform.tenant_id, ctx.id, user.id, trx);
        const nrps = claims[LTI_NRPS];
        if (nrps) await this.repo.setMembershipsUrl(ctx.id, nrps.context_memberships_url, trx);
      }
      let link: ResourceLinkRow | undefined;
      if (messageType !== DEEP_LINKING_REQUEST && resourceLink) {
        link = await this.repo.upsertResourceLink(
          { tenant_id: platform.tenant_id, platform_id: platform.id, resource_link_id: resourceLink.id, context_id: contextId, title: resourceLink.title ?? '', lms_url: lmsUrl(claims) ?? null },
          trx,
        );
        // Links made by our Deep Linking answer carry the exercise in a custom parameter.
        const custom = claims[`${LTI}custom`]?.exercise_id;
        if (!link.exercise_video_id && isUuid(custom)) {
          const exercise = await this.repo.findExercise(platform.tenant_id, custom, trx);
          if (exercise) link = await this.repo.bindResourceLink(link.id, exercise.id, trx);
        }
        if (link.exercise_video_id && role === 'instructor') await this.repo.addExerciseAuthor(platform.tenant_id, link.exercise_video_id, user.id, trx);
        // Where this user's grade goes: the link's gradebook column (AGS).
        const ags = claims[LTI_AGS_ENDPOINT];
        if (ags) await this.repo.recordAgs(link.id, platform.tenant_id, ags, trx);
        await this.repo.addLinkUser(link.id, platform.tenant_id, user.id, trx);
      }
      return { user, contextId, link };
    });
    const base: SessionBase = { platformId: platform.id, tenantId: platform.tenant_id, userId: user.id, contextId, deploymentId };
    if (role === 'instructor' && contextId && claims[LTI_NRPS] && this.options.onInstructorLaunch) {
      const synced = this.options.onInstructorLaunch(contextId);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([synced, new Promise((resolve) => (timer = setTimeout(resolve, this.options.rosterWaitMs ?? 2000)))]);
      clearTimeout(timer);
    }

    if (messageType === DEEP_LINKING_REQUEST && settings) {
      const session = await this.signSession({ ...base, kind: 'deep-link', returnUrl: settings.deep_link_return_url,
        ...(settings.data !== undefined && { data: settings.data }),
        ...(settings.accept_lineitem !== undefined && { acceptLineItem: settings.accept_lineitem }),
      });
      return { kind: 'deep-link', platform, catalogue: await this.repo.catalogue(platform.tenant_id, user.id), session };
    }
    const l = link as ResourceLinkRow;
    if (l.exercise_video_id) return this.threadPage(platform, base, role, l.exercise_video_id);
    if (role !== 'instructor') return { kind: 'not-ready', platform };
    const session = await this.signSession({ ...base, kind: 'bind', resourceLinkId: l.id });
    return { kind: 'choose', platform, catalogue: await this.repo.catalogue(platform.tenant_id, user.id), session, title: l.title };
  }

  private async threadPage(platform: PlatformRow, base: SessionBase, role: Role, exerciseId: string): Promise<LaunchResult> {
    const exercise = await this.repo.findExercise(platform.tenant_id, exerciseId);
    if (!exercise) throw new NotFoundError('exercise');
    const issued = await this.tokens.issue({ id: base.userId, tenantId: base.tenantId, role }, this.options.tokenTtlSeconds);
    // Access tokens stay short; the page renews them for a working session (an instructor giving
    // feedback for hours) without a relaunch, and without cookies, which the iframe may not have.
    const { platformId, tenantId, userId, contextId, deploymentId } = base;
    const renewal = await this.signSession({ kind: 'renew', platformId, tenantId, userId, contextId, deploymentId }, this.options.sessionSeconds);
    const user: UserPrincipal = { kind: 'user', tenantId: base.tenantId, userId: base.userId, role };
    return { kind: 'thread', platform, exerciseId, exerciseTitle: exercise.title, token: issued.token, renewal, user };
  }

  /**
   * A fresh access token for a launched page, while its launch is recent enough. The user is read
   * again: one removed, one the course's roster no longer lists, or whose platform is no longer
   * registered, gets none; the role is the one the platform gave at the latest launch.
   */
  async renew(session: string): Promise<{ token: string; expiresIn: number }> {
    const { s, exp } = await this.readSessionWithExpiry(session, 'renew');
    await this.platformOf(s);
    const user = await this.users.findById(s.tenantId, s.userId);
    if (!user) throw new LtiError('This launch is no longer valid: launch the tool again from the course.');
    // Membership is the platform's to state: who left the course (its roster no longer lists them) renews nothing.
    if (s.contextId && !(await this.repo.isMember(s.contextId, user.id))) throw new LtiError('You are no longer a member of this course.', 403);
    const ttl = Math.max(1, Math.min(this.options.tokenTtlSeconds, exp - Math.floor(Date.now() / 1000)));
    const issued = await this.tokens.issue({ id: user.id, tenantId: user.tenant_id, role: user.role }, ttl);
    return { token: issued.token, expiresIn: ttl };
  }

  // After the launch: the instructor's choice

  /** The instructor picked or created an exercise for an unbound resource link. */
  async bind(input: { session: string; exercise_id?: string | undefined; title?: string | undefined; url?: string | undefined }): Promise<LaunchResult> {
    const s = await this.readSession(input.session, 'bind');
    const platform = await this.platformOf(s);
    const exerciseId = await this.chosenExercise(s, input);
    const link = await this.repo.findResourceLink(s.resourceLinkId ?? '');
    if (!link || link.platform_id !== platform.id) throw new LtiError('This resource link is gone.', 404);
    await this.db.transaction(async (trx) => {
      await this.repo.bindResourceLink(link.id, exerciseId, trx);
      await this.repo.addExerciseAuthor(s.tenantId, exerciseId, s.userId, trx);
    });
    return this.threadPage(platform, s, 'instructor', exerciseId);
  }

  /** Deep Linking: answers the platform with a signed LtiDeepLinkingResponse holding one resource link. */
  async deepLinkResponse(input: { session: string; exercise_id?: string | undefined; title?: string | undefined; url?: string | undefined }): Promise<AutoPost> {
    const s = await this.readSession(input.session, 'deep-link');
    const platform = await this.platformOf(s);
    const exerciseId = await this.chosenExercise(s, input);
    const exercise = await this.repo.findExercise(s.tenantId, exerciseId);
    if (!exercise) throw new NotFoundError('exercise');
    const claims: JWTPayload = {
      iss: platform.client_id,
      aud: platform.issuer,
      nonce: randomBytes(16).toString('base64url'),
      [`${LTI}deployment_id`]: s.deploymentId,
      [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
      [`${LTI}version`]: LTI_VERSION,
      [`${LTI_DL}content_items`]: [
        {
          type: 'ltiResourceLink',
          title: exercise.title,
          url: this.launchUrl,
          custom: { exercise_id: exercise.id },
          // A gradebook column for the link (AGS), unless the platform said it ignores them.
          ...(s.acceptLineItem !== false && {
            lineItem: { scoreMaximum: exercise.max_score ?? DEFAULT_MAX_SCORE, label: exercise.title, resourceId: exercise.id, tag: LINE_ITEM_TAG },
          }),
        },
      ],
      ...(s.data !== undefined && { [`${LTI_DL}data`]: s.data }),
    };
    const jwt = await this.toolKeys.sign(claims, DEEP_LINK_RESPONSE_TTL_SECONDS);
    return { platform, action: s.returnUrl as string, fields: { JWT: jwt } };
  }

  /** An exercise from the user's catalogue, or a new one in the course (created through the exercises service). */
  private async chosenExercise(s: Session, input: { exercise_id?: string | undefined; title?: string | undefined; url?: string | undefined }): Promise<string> {
    if (input.exercise_id) {
      if (!isUuid(input.exercise_id) || !(await this.repo.isInCatalogue(s.tenantId, s.userId, input.exercise_id))) throw new NotFoundError('exercise');
      // A course exercise placed in another of the user's courses joins it; a tenant-wide one stays tenant-wide.
      if (s.contextId && (await this.repo.isCourseBound(input.exercise_id))) await this.repo.addContextExercise(s.tenantId, s.contextId, input.exercise_id);
      return input.exercise_id;
    }
    const title = input.title?.trim();
    const url = input.url?.trim();
    if (!title || !url) throw new ValidationError([{ field: input.title ? 'url' : 'title', message: 'Choose an exercise, or give a title and a video URL.' }]);
    const service = this.exercises();
    if (!service) throw new LtiError('Creating exercises is not available yet.', 503);
    const principal: UserPrincipal = { kind: 'user', tenantId: s.tenantId, userId: s.userId, role: 'instructor' };
    const isYouTube = /^https?:\/\/([a-z]+\.)?(youtube\.com|youtu\.be|youtube-nocookie\.com)\//i.test(url);
    const created = await service.create(principal, { title: title.slice(0, 200), source: { type: isYouTube ? 'youtube' : 'url', url } });
    if (s.contextId) await this.repo.addContextExercise(s.tenantId, s.contextId, created.id);
    return created.id;
  }

  private async platformOf(s: Session): Promise<PlatformRow> {
    const platform = await this.repo.findPlatform(s.platformId);
    if (!platform || platform.tenant_id !== s.tenantId) throw new LtiError('This platform is no longer registered.', 403);
    return platform;
  }

  private async signSession(s: Session, ttlSeconds = SESSION_TTL_SECONDS): Promise<string> {
    return new SignJWT({ s })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('exercise-threads-lti-session')
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.sessionKey);
  }

  private async readSession(token: string, kind: Session['kind']): Promise<Session> {
    return (await this.readSessionWithExpiry(token, kind)).s;
  }

  private async readSessionWithExpiry(token: string, kind: Session['kind']): Promise<{ s: Session; exp: number }> {
    try {
      const { payload } = await jwtVerify(token, this.sessionKey, { algorithms: ['HS256'], audience: 'exercise-threads-lti-session' });
      const s = payload.s as Session | undefined;
      if (s?.kind !== kind || typeof payload.exp !== 'number') throw new Error('wrong kind');
      return { s, exp: payload.exp };
    } catch {
      throw new LtiError('This page has expired: launch the tool again from the course.');
    }
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'it has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid (${error.reason}).`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'its algorithm is not RS256.';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the platform matches its kid.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify.';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'it is malformed.';
  if (error instanceof joseErrors.JOSEError) return `the platform's keys could not be used (${error.code}).`;
  return 'the platform’s keys could not be fetched.';
}
