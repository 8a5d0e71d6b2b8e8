// The demo end to end with calls as its users (tokens, API), axe-core and the focused element:
// what the inbox, grade and preferences browser tests share, on top of demo-browser.ts.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoToken, startDemo, type DemoBrowser } from './demo-browser.ts';

export { NO_CHROMIUM } from './demo-browser.ts';

export interface DemoServer extends DemoBrowser {
  /** A demo user's token and the exercises they see (POST /demo/token). */
  session(as: string): Promise<{ access_token: string; exercises: { id: string; title: string }[] }>;
  /** An API call as a demo user; asserts a 2xx and answers the body. */
  api<T>(as: string, method: string, path: string, body?: object): Promise<T>;
}

/**
 * The demo (built element, seeded server, Chromium) with calls as its users. The element is built
 * into a folder of its own: dist/ may be rebuilt meanwhile by a test file running beside this one.
 */
export async function startDemoServer(): Promise<DemoServer> {
  const widgetDir = await mkdtemp(path.join(tmpdir(), 'et-demo-widget-'));
  const demo = await startDemo(['production'], widgetDir);
  const session = (as: string) => demoToken(demo.base, as);
  return {
    ...demo,
    session,
    async close() {
      await demo.close();
      await rm(widgetDir, { recursive: true, force: true });
    },
    async api<T>(as: string, method: string, path: string, body?: object): Promise<T> {
      const { access_token } = await session(as);
      const res = await fetch(`${demo.base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
      return (await res.json()) as T;
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
