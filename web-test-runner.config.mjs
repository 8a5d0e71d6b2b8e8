// Browser tests for the widget: every element in Chromium (Debian's /usr/bin/chromium, or
// CHROMIUM_PATH), TypeScript through esbuild, `.ts` imports as in the sources.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const MEDIA = path.resolve('embed-demo/media');
const TYPES = { '.mp4': 'video/mp4', '.m4s': 'video/iso.segment', '.m3u8': 'application/vnd.apple.mpegurl', '.jpg': 'image/jpeg' };
/** Files of embed-demo/media the tests have broken (answered 404 until fixed again). */
const broken = new Set();

/**
 * A media origin the tests control, on the runner's own loopback server: `/test-media/<file>`
 * serves embed-demo/media (with byte ranges, as storage does), except what
 * `/test-media/control?break=<file>` broke, which answers 404 until `?fix=<file>` (or `?reset`).
 */
async function testMedia(ctx, next) {
  if (!ctx.path.startsWith('/test-media/')) return next();
  // The runner marks every path with an extension cacheable for a year once the chain is done; a
  // broken file must not stay broken in the browser's cache after it is mended.
  const writeHead = ctx.res.writeHead;
  ctx.res.writeHead = function (...args) {
    this.setHeader('cache-control', 'no-store');
    return writeHead.apply(this, args);
  };
  if (ctx.path === '/test-media/control') {
    if (ctx.query.reset !== undefined) broken.clear();
    if (ctx.query.break) broken.add(String(ctx.query.break));
    if (ctx.query.fix) broken.delete(String(ctx.query.fix));
    ctx.body = { broken: [...broken] };
    return;
  }
  const name = decodeURIComponent(ctx.path.slice('/test-media/'.length));
  const file = path.resolve(MEDIA, name);
  if (!file.startsWith(MEDIA + path.sep) || broken.has(name)) {
    ctx.status = 404;
    ctx.body = 'No such object.';
    return;
  }
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) {
    ctx.status = 404;
    return;
  }
  ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  ctx.set('accept-ranges', 'bytes');
  const range = /^bytes=(\d*)-(\d*)$/.exec(ctx.get('range') ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : bytes.length - Number(range[2]);
    const end = range[1] && range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    ctx.status = 206;
    ctx.set('content-range', `bytes ${start}-${end}/${bytes.length}`);
    ctx.body = bytes.subarray(start, end + 1);
    return;
  }
  ctx.body = bytes;
}

/**
 * `page-screenshot`: a PNG (base64) of the page as Chromium composites it, clipped to `payload.clip`,
 * for tests that must check what is on screen (a mirrored video's pixels), not just the styles.
 */
function pageScreenshot() {
  return {
    name: 'page-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page-screenshot') return undefined;
      const png = await session.browser.getPage(session.id).screenshot({ clip: payload?.clip, animations: 'disabled' });
      return png.toString('base64');
    },
  };
}

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: ['test/widget/**/*.test.ts'],
  // socket.io-client's browser build, not its Node one (which imports `ws`).
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  middleware: [testMedia],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), pageScreenshot()],
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        headless: true,
        // A fake camera and microphone, allowed without a prompt: the attempt recorder's tests record.
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      },
    }),
  ],
};
