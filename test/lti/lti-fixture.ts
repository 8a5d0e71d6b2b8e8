import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestPlatform } from '../../embed-demo/canvas/test-platform.ts';
import type { Container } from '../../api/src/container.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';

type ContextOptions = Parameters<typeof createTestContext>[1];

/** Registers the test platform with the tool, as `npm run cli -- platform:register` would. */
/**
 * Chromium flags for a course page framing the tool on another site. The frames share one renderer
 * process: with site isolation, the tool's frame moves to a new process at each cross-site
 * navigation of the launch, and under load Playwright was seen to lose one such move (its frame
 * stayed at the platform's URL while the launched page ran), failing a launch that had worked.
 * Cookies, storage partitioning and postMessage behave the same either way.
 */
export const SHARED_PROCESS_FRAMES = ['--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process'];

export async function registerTestPlatform(c: Container, platform: TestPlatform, tenantId: string): Promise<void> {
  const r = platform.registration(tenantId);
  await c.lti.service.registerPlatform({
    tenant_id: tenantId,
    issuer: r.issuer,
    client_id: r['client-id'],
    auth_url: r['auth-url'],
    token_url: r['token-url'],
    jwks_url: r['jwks-url'],
    deployment_ids: r['deployment-id'],
    frame_origins: r['frame-origin'],
  });
}

export interface LtiFixture {
  ctx: TestContext;
  tool: string;
  platform: TestPlatform;
  tenantId: string;
  exerciseId: string;
  /** The one browser's cookie (`lti_browser=…`) the tool set at login: startLogin and postLaunch carry it, as a browser would. */
  cookie: string | undefined;
  close(): Promise<void>;
}

/**
 * The tool listening for real on http://localhost:<port> and a test platform on
 * http://127.0.0.1:<port>: two loopback origins, as a school's LMS and the tool would be.
 * One tenant, the platform registered to it, and one exercise made by a (non-LTI) instructor.
 */
export async function ltiFixture(overrides: Record<string, string> = {}, options: ContextOptions = {}): Promise<LtiFixture> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const tool = `http://localhost:${port}`;
  const ctx = await createTestContext({ PUBLIC_URL: tool, ...overrides }, options);
  server.on('request', ctx.app);

  const platform = await new TestPlatform({ toolUrl: tool }).start();
  const { tenant } = await ctx.c.tenants.create({ name: 'Test School', allowedOrigins: [tool] });
  await registerTestPlatform(ctx.c, platform, tenant.id);
  const author = await ctx.c.repositories.users.upsert({ tenant_id: tenant.id, external_id: 'staff-1', display_name: 'Staff', role: 'instructor' });
  const exercise = await ctx.db.knex.transaction((trx) =>
    ctx.c.repositories.exercises.insert(
      { tenant_id: tenant.id, creator_id: author.id, title: 'Monologue, take 1', description: '', source_type: 'url', source_url: 'https://media.example/take1.mp4' },
      trx,
    ),
  );
  (platform.links[0] as { custom: Record<string, string> }).custom = { exercise_id: exercise.id };

  return {
    ctx,
    tool,
    platform,
    tenantId: tenant.id,
    exerciseId: exercise.id,
    cookie: undefined,
    async close() {
      await platform.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
    },
  };
}

/** Starts a login at the tool and returns the state and nonce it sent to the platform. */
export async function startLogin(f: LtiFixture, user: 'learner' | 'instructor' = 'learner', hint: { link: string } | { deepLink: true } = { link: 'link-week-1' }) {
  const res = await fetch(f.platform.loginUrl(user, hint), { redirect: 'manual', headers: f.cookie ? { cookie: f.cookie } : {} });
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const set = res.headers.get('set-cookie');
  if (set) f.cookie = set.split(';')[0];
  const location = new URL(res.headers.get('location') ?? '');
  return { location, state: location.searchParams.get('state') ?? '', nonce: location.searchParams.get('nonce') ?? '' };
}

/** Posts an id_token and state to the tool's launch endpoint, as the platform's form would. */
/** `cookie`: the fixture's browser cookie by default; another browser's, or null for none. */
export async function postLaunch(f: LtiFixture, idToken: string, state: string, cookie: string | null = f.cookie ?? null): Promise<Response> {
  return fetch(`${f.tool}/lti/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: f.platform.url, ...(cookie && { cookie }) },
    body: new URLSearchParams({ id_token: idToken, state }),
    redirect: 'manual',
  });
}

/** Reads hidden inputs and the action of the first form of an HTML page. */
export function readForm(html: string): { action: string; fields: Record<string, string> } {
  const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  const action = decode(/<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[decode(m[1] as string)] = decode(m[2] as string);
  return { action, fields };
}

export function attribute(html: string, tag: string, name: string): string | undefined {
  const el = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0];
  return el ? new RegExp(`\\b${name}="([^"]*)"`).exec(el)?.[1] : undefined;
}
