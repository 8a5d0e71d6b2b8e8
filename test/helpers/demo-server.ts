// The demo page and the API in-process on port 0 (fresh database, DEMO_MODE on, the live channel
// attached as in production) with Chromium, for end-to-end tests of the built element.
import type { Knex } from 'knex';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../api/src/app.ts';
import { createContainer } from '../../api/src/container.ts';
import { seedDemoIfEmpty } from '../../api/src/demo/demo-seed.ts';
import { createLiveServer } from '../../api/src/live/live-server.ts';
import { testConfig } from './context.ts';
import { freshDatabase } from './database.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (Debian package \`chromium\`)`;

export interface DemoServer {
  base: string;
  browser: Browser;
  /** A demo user's token and the exercises they see (POST /demo/token). */
  session(as: string): Promise<{ access_token: string; exercises: { id: string; title: string }[] }>;
  /** The server's database, for seeding what the demo has no API for (an LMS course, say). */
  knex: Knex;
  /** An API call as a demo user; asserts a 2xx and answers the body. */
  api<T>(as: string, method: string, path: string, body?: object): Promise<T>;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  // The page loads the built element, as a partner's page would: build it from the sources under test.
  await build({ configFile: 'vite.widget.config.ts', mode: 'production', logLevel: 'error' });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const db = await freshDatabase();
  const c = createContainer(testConfig({ PUBLIC_URL: base, DEMO_MODE: '1' }), db, () => {});
  await seedDemoIfEmpty(c);
  server.on('request', createApp(c, { onUnexpected: (e) => console.error(e) }));
  const live = await createLiveServer(server, c, { onError: () => {} });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
  const session = async (as: string) => {
    const res = await fetch(`${base}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as }) });
    return (await res.json()) as { access_token: string; exercises: { id: string; title: string }[] };
  };
  return {
    base,
    browser,
    knex: db.knex,
    session,
    async api<T>(as: string, method: string, path: string, body?: object): Promise<T> {
      const { access_token } = await session(as);
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
      return (await res.json()) as T;
    },
    async close() {
      await browser.close();
      await live.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    },
  };
}

/** axe-core's violations in the page's element (its shadow roots included), as `id (count)`. */
export async function axeViolations(page: Page, selector = 'exercise-thread'): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(el: Element): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    return (await axe.run(document.querySelector(sel)!)).violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, selector);
}

const AXE = new URL(import.meta.resolve('axe-core/axe.min.js')).pathname;

/** The deepest focused element, through shadow roots. */
export function deepActive(page: Page): Promise<{ tag: string; text: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName ?? '', text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim() };
  });
}
