// The widget's rendering benchmark, in Debian's Chromium: a thread of 5,000 comments beside a
// same-run baseline of 50. Prints the time to first render, to a settled list (a long thread
// windowed, its virtualizer laid out), how many comments are in the DOM, and the longest task per
// phase (targets: first render under 300 ms, no task over 50 ms while playing).
// Run several times (RUNS=5) to get the median of each figure.
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

type Result = {
  n: number;
  firstRender: number;
  settled: number;
  dom: { afterLoad: number; max: number };
  followed: number;
  longest: Record<string, number>;
};
const RUNS = Number(process.env.RUNS ?? 1);
const runs: Result[][] = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
for (let run = 0; run < RUNS; run++) {
  // A fresh page per run: nothing cached from the previous one but the browser's own caches.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => 'runBench' in window);
  const results: Result[] = [];
  for (const n of [50, 5000]) results.push(await page.evaluate((count) => (window as unknown as { runBench(n: number): Promise<Result> }).runBench(count), n));
  runs.push(results);
  await page.close();
}
await browser.close();
server.close();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(`${RUNS === 1 ? 'one run' : `median of ${RUNS} runs`}`);
console.log('comments  first render  settled  in DOM (load / max)  followed  longest task: load / settle / scroll / playing');
for (const [i, first] of runs[0]!.entries()) {
  const all = runs.map((r) => r[i]!);
  const med = (f: (r: Result) => number) => median(all.map(f));
  console.log(
    `${String(first.n).padStart(8)}  ${ms(med((r) => r.firstRender)).padStart(12)}  ${ms(med((r) => r.settled)).padStart(7)}  ${`${med((r) => r.dom.afterLoad)} / ${med((r) => r.dom.max)}`.padStart(19)}  ${String(med((r) => r.followed)).padStart(8)}  ${['load', 'settle', 'scroll', 'playing'].map((p) => ms(med((r) => r.longest[p] ?? 0))).join(' / ')}`,
  );
  if (RUNS > 1) console.log(`          longest task while playing, each run: ${all.map((r) => ms(r.longest.playing ?? 0)).join(', ')}`);
}
