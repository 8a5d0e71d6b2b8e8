import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error the lint configuration is plain JavaScript
import { importDirection } from '../../eslint.config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const fixture = path.join(here, 'fixtures');

/** Each fixture file's failing rules, linted with the tree's own import-direction rules. */
async function lintFixture(): Promise<Record<string, string[]>> {
  const eslint = new ESLint({
    cwd: fixture,
    overrideConfigFile: true,
    overrideConfig: [{ languageOptions: { parser: tseslint.parser } }, importDirection(fixture)],
  });
  const results = await eslint.lintFiles(['api/src/**/*.ts']);
  return Object.fromEntries(results.map((r) => [path.relative(fixture, r.filePath), r.messages.map((m) => m.ruleId ?? m.message)]));
}

test('a runtime cycle between two domains and an upward import fail the lint; allowed imports pass', async () => {
  const found = await lintFixture();
  assert.deepEqual(found['api/src/threads/threads.service.ts'], ['import-x/no-cycle']);
  assert.deepEqual(found['api/src/comments/comments.service.ts'], ['import-x/no-cycle']);
  assert.deepEqual(found['api/src/moderation/moderation.service.ts'], ['import-x/no-restricted-paths']);
  assert.deepEqual(found['api/src/exercises/exercises.service.ts'], ['import-x/no-restricted-paths']);
  assert.deepEqual(found['api/src/moderation/moderation.routes.ts'], []);
  assert.deepEqual(found['api/src/http/problem.ts'], []);
});

/** What the tree's own configuration says of `code` if it were the file at `file`. */
async function ruleIds(code: string, file: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: repo }).lintText(code, { filePath: path.join(repo, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

test('Knex only in db/ and repositories, Express only at the HTTP edge', async () => {
  const knex = "import knex from 'knex';\nexport const k = knex;\n";
  assert.deepEqual(await ruleIds(knex, 'api/src/comments/comments.service.ts'), ['@typescript-eslint/no-restricted-imports']);
  assert.deepEqual(await ruleIds(knex, 'api/src/comments/comments.repository.ts'), []);
  const handle = 'export const run = (db: { knex: unknown }) => db.knex;\n';
  assert.deepEqual(await ruleIds(handle, 'api/src/threads/threads.service.ts'), ['no-restricted-properties']);
  const express = "import type { Request } from 'express';\nexport type R = Request;\n";
  assert.deepEqual(await ruleIds(express, 'api/src/threads/threads.service.ts'), ['@typescript-eslint/no-restricted-imports']);
  assert.deepEqual(await ruleIds(express, 'api/src/threads/threads.routes.ts'), []);
  assert.deepEqual(await ruleIds(express, 'api/src/http/route.ts'), []);
});
