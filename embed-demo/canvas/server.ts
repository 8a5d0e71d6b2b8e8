// The Canvas-style test platform as a standalone demo:
//   npm run cli -- ... (see the printed command), then
//   npx tsx embed-demo/canvas/server.ts [--tool http://localhost:8080] [--port 8090]
// It serves a Canvas-like course page on http://127.0.0.1:<port> that launches the tool (on
// http://localhost:8080 by default: a second loopback origin, so the iframe is cross-site).
import { parseArgs } from 'node:util';
import { TestPlatform } from './test-platform.ts';

const { values } = parseArgs({
  options: { tool: { type: 'string', default: 'http://localhost:8080' }, port: { type: 'string', default: '8090' }, host: { type: 'string', default: '127.0.0.1' } },
});

const platform = await new TestPlatform({ toolUrl: values.tool, port: Number(values.port), host: values.host }).start();
const r = platform.registration('<tenant id>');
const args = Object.entries(r)
  .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `--${k} ${x}`) : [`--${k} ${k === 'tenant' ? '<tenant id>' : v}`]))
  .join(' ');
console.log(`Test platform (Canvas-style) at ${platform.url}`);
console.log(`Register it once with the tool (the platform's key changes every start; the tool refetches its JWKS):`);
console.log(`  npm run cli -- platform:register ${args}`);
console.log(`Then open ${platform.url}/course?as=learner and ${platform.url}/course?as=instructor`);

const stop = async () => {
  await platform.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
