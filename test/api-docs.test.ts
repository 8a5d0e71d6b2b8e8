// The API reference a partner reads: every example in the contract is valid for its operation,
// and /api/docs renders in Chromium with a navigation of every operation, each showing a request
// example and its response schema.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { ZodType } from 'zod';
import { apiRoutes, createApp } from '../api/src/app.ts';
import { EXAMPLES } from '../api/src/contract/examples.ts';
import { toOpenApiPath } from '../api/src/http/route.ts';
import { createTestContext, type TestContext } from './helpers/context.ts';
import { closeServer, listen } from './media/helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (Debian package \`chromium\`)`;

let ctx: TestContext;
const server = createServer();
let base = '';
let browser: Browser | undefined;

before(async () => {
  ctx = await createTestContext();
  server.on('request', createApp(ctx.c));
  base = await listen(server);
});

after(async () => {
  await browser?.close();
  await closeServer(server);
  await ctx.close();
});

test('every example in the contract fits its operation: request bodies parse, responses match their schema', () => {
  const routes = new Map(apiRoutes(ctx.c).map((r) => [`${r.method} ${r.path}`, r]));
  for (const [key, ex] of Object.entries(EXAMPLES)) {
    const r = routes.get(key);
    assert.ok(r, `${key} is a route`);
    if (ex.request !== undefined) {
      const parsed = r.body?.safeParse(ex.request);
      assert.ok(parsed?.success, `${key} request example: ${JSON.stringify(parsed?.error?.issues)}`);
    }
    for (const [status, body] of Object.entries(ex.responses ?? {})) {
      const schema: ZodType | undefined = r.doc.responses[Number(status)]?.schema;
      assert.ok(schema, `${key} ${status} has a schema`);
      const parsed = schema.safeParse(body);
      assert.ok(parsed.success, `${key} ${status} example: ${JSON.stringify(parsed.error?.issues)}`);
    }
  }
  // Every operation that takes a body has an example of it.
  for (const [key, r] of routes) if (r.body) assert.ok(EXAMPLES[key]?.request !== undefined, `${key} has a request example`);
});

test('/api/docs renders in Chromium: a navigation of every operation, each with a request example and its response schema', { skip: NO_CHROMIUM }, async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  // Redoc's sidebar credit asks Redocly's CDN for a logo: the policy refuses it (no CDN), and Redoc then hides it.
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('https://cdn.redoc.ly/redoc/logo-mini.svg') && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await page.goto(`${base}/api/docs`);
  const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string; summary: string }>> };
  const byPath = new Map(apiRoutes(ctx.c).map((r) => [`${r.method} ${toOpenApiPath(r.path)}`, r.path]));
  const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, method, route: byPath.get(`${method} ${p}`)! })));
  assert.equal(operations.length, apiRoutes(ctx.c).length);
  await page.locator(`[id$="/operation/${operations[0]!.operationId}"]`).waitFor({ timeout: 60_000 });

  // The navigation lists every operation (a link to its section) and the walk-throughs.
  const nav = page.locator('.menu-content');
  for (const op of operations) {
    const item = nav.locator(`li[data-item-id$="/operation/${op.operationId}"]`);
    assert.equal(await item.count(), 1, `the navigation lists ${op.operationId}`);
    assert.ok((await item.textContent())?.includes(op.summary.slice(0, 20)), `${op.operationId} is listed by its summary`);
  }
  const navText = (await nav.textContent()) ?? '';
  for (const heading of ['Credentials and token minting', 'Uploading a video']) assert.ok(navText.includes(heading), `the navigation lists "${heading}"`);

  for (const op of operations) {
    const section = page.locator(`[id$="/operation/${op.operationId}"]`);
    await section.scrollIntoViewIfNeeded();
    const text = await section.innerText();
    assert.match(text, /Request samples/, `${op.operationId} shows a request example`);
    // A curl request for each; operations with a body show its example payload first.
    assert.match(text, /curl/, `${op.operationId} offers a curl request`);
    const body = EXAMPLES[`${op.method} ${op.route}`]?.request as Record<string, unknown> | undefined;
    if (body) assert.ok(text.includes(`"${Object.keys(body)[0]}"`), `${op.operationId} shows its example payload`);
    else assert.match(text, /curl -X/, `${op.operationId}'s request example is a request`);
    assert.match(text, /Responses/, `${op.operationId} shows its responses`);
  }
  // A response schema, expanded: the fields of the upload a partner gets back.
  const upload = page.locator(`[id$="/operation/${doc.paths['/media/uploads']!.post!.operationId}"]`);
  const uploadText = await upload.innerText();
  for (const field of ['part_size', 'part_count', 'parts', 'expires_at']) assert.match(uploadText, new RegExp(field), `the upload response schema shows ${field}`);
  assert.match(uploadText, /Response samples/);
  assert.deepEqual(problems, [], 'no refused script, style or request');
});
