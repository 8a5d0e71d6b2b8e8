// The widget's rendering benchmark, in Debian's Chromium: a thread of 5,000 comments beside a
// same-run baseline of 50. Prints the time to first render and the longest task per phase
// (targets: first render under 300 ms, no task over 50 ms while playing).
// Run: npx tsx bench/widget-thread.bench.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const bundle = await build({
  entryPoints: ['bench/widget-thread-page.ts'],
  bundle: true,
  format: 'esm',
  minify: true,
  write: false,
  target: 'es2022',
  tsconfig: 'tsconfig.json',
  conditions: ['browser', 'production'],
  platform: 'browser',
});
const js = bundle.outputFiles[0]!.text;
const server = createServer((req, res) => {
  if (req.url === '/bench.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><body></body><script type="module" src="/bench.js"></script>');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(url);
await page.waitForFunction(() => 'runBench' in window);
type Result = { n: number; firstRender: number; allRendered: number; longest: Record<string, number> };
const results: Result[] = [];
for (const n of [50, 5000]) results.push(await page.evaluate((count) => (window as unknown as { runBench(n: number): Promise<Result> }).runBench(count), n));
await browser.close();
server.close();

const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log('comments  first render  all rendered  longest task: load / slices / scroll / playing');
for (const r of results) {
  console.log(
    `${String(r.n).padStart(8)}  ${ms(r.firstRender).padStart(12)}  ${ms(r.allRendered).padStart(12)}  ${[r.longest.load, r.longest.slices, r.longest.scroll, r.longest.playing].map((x) => ms(x ?? 0)).join(' / ')}`,
  );
}
