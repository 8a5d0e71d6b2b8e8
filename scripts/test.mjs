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
// test/widget holds the browser suites, run by web-test-runner below.
const nodeTests = (only.length ? only : find(path.join(root, 'test'), '.test.ts').filter((f) => !f.includes(`${path.sep}widget${path.sep}`))).sort();
const started = Date.now();
const node = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...nodeTests],
  { stdio: 'inherit', cwd: root },
);
console.log(`node test files: ${nodeTests.length}, took ${Math.round((Date.now() - started) / 1000)} s`);
if (node.status !== 0) process.exit(node.status ?? 1);
