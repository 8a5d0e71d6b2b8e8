#!/usr/bin/env node
// The README's test command: the API, database and live suites under node's test runner,
// then the element's browser tests (when present) in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function find(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? find(full, suffix) : full.endsWith(suffix) ? [full] : [];
  });
}

const only = process.argv.slice(2);
// Fail fast: the browser tests (the widget's, and its end-to-end test) need Chromium.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!only.length && !existsSync(chromium)) {
  console.error(`The widget's browser tests need Chromium at ${chromium}: install the Debian package \`chromium\` (apt-get install chromium), or set CHROMIUM_PATH.`);
  process.exit(1);
}
// test/widget holds the browser suites, run by web-test-runner below.
const nodeTests = (only.length ? only : find(path.join(root, 'test'), '.test.ts').filter((f) => !f.includes(`${path.sep}widget${path.sep}`))).sort();
const started = Date.now();
const node = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...nodeTests],
  { stdio: 'inherit', cwd: root },
);
console.log(`node test files: ${nodeTests.length}, took ${Math.round((Date.now() - started) / 1000)} s`);
if (node.status !== 0) process.exit(node.status ?? 1);

// The element's browser tests, in Debian's Chromium (skipped when only some node files were named).
if (!only.length) {
  const npx = (args) => spawnSync('npx', args, { stdio: 'inherit', cwd: root, env: { ...process.env, CHROMIUM_PATH: chromium } });
  const built = spawnSync('npm', ['run', '--silent', 'build:widget'], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const wtr = npx(['web-test-runner', '--config', 'web-test-runner.config.mjs']);
  if (wtr.status !== 0) process.exit(wtr.status ?? 1);
}
