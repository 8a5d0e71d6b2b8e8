import path from 'node:path';
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The API's import direction (docs/ARCHITECTURE.md): contract and core at the bottom, the database
 * adapters above them, the domains above those, the transports (http/, live/) above the domains, and
 * the composition root (app.ts, container.ts, server.ts, cli.ts) on top. Each zone names what a layer
 * may not import; `no-cycle` refuses runtime cycles (type-only imports may cross, they vanish at run
 * time). `root` is the folder holding api/src (the lint fixture test passes its own, and lints from there).
 */
export function importDirection(root = '.') {
  const base = path.resolve(root);
  const src = `${base}/api/src`;
  const bottom = ['contract', 'errors', 'core'].map((d) => `${src}/${d}/**`).concat(`${src}/@(config).ts`);
  const top = ['app.ts', 'container.ts', 'server.ts', 'cli.ts'].map((f) => `${src}/${f}`);
  const domains = `${src}/!(contract|errors|core|db|http|live)/**`;
  const zones = [
    { target: bottom, from: `${src}/**`, except: bottom, message: 'contract/, errors/, core/ and config.ts are the bottom layer: they import nothing above them.' },
    { target: `${src}/db/**`, from: `${src}/**`, except: [...bottom, `${src}/db/**`], message: 'db/ imports only the bottom layer.' },
    { target: [domains, `${src}/db/**`, `${src}/http/**`, `${src}/live/**`], from: top, message: 'Only the composition root imports app.ts, container.ts, server.ts or cli.ts.' },
    { target: `${domains}/!(*.routes).ts`, from: `${src}/http/**`, message: 'A domain reaches http/ only from its *.routes.ts: services and repositories throw domain errors (errors/) and use core/.' },
    { target: `${src}/live/**`, from: `${src}/http/**`, message: 'The live channel knows no HTTP: render domain errors with errors/problem-document.ts.' },
    { target: `${src}/http/**`, from: `${src}/live/**`, message: 'http/ and live/ are separate transports.' },
  ];
  return {
    files: ['api/src/**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: { parser: tseslint.parser },
    // import-x reads a dependency only if its extension is listed, with the parser named for it.
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: base, zones }],
    },
  };
}

// Knex and the drivers under it only in db/ and the repositories (the pg-boss adapter is db/pg-boss.ts);
// Express and its middleware only at the HTTP edge.
const knexAllowed = ['api/src/db/**', 'api/src/**/*.repository.ts'];
const expressAllowed = ['api/src/http/**', 'api/src/app.ts', 'api/src/**/*.routes.ts'];
const KNEX = { group: ['knex', 'knex-pglite', 'pg', '@electric-sql/pglite'], message: 'Knex lives in db/ and *.repository.ts: services pass a Transaction from Database.transaction down.' };
const EXPRESS = { group: ['express', 'express-*', 'helmet', 'cors', 'body-parser'], message: 'Express lives in http/, app.ts and *.routes.ts: handlers get { params, query, body, principal, headers }.' };
const KNEX_HANDLE = { property: 'knex', message: 'Only db/ and the repositories hold the Knex handle: hand repositories the Database.' };
const restrict = (groups, handle) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups }],
  ...(handle ? { 'no-restricted-properties': ['error', handle] } : {}),
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'scratch/', 'embed-demo/media/', 'custom-elements.json', 'coverage/', 'test/lint/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through api/src/config.ts.' }],
    },
  },
  {
    // Configuration, entry points that only pass the environment on, tests and benchmarks may read it.
    files: ['api/src/config.ts', 'test/**', 'bench/**', 'scripts/**', '*.config.*', 'widget/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  importDirection(),
  { files: ['api/src/**/*.ts'], ignores: [...knexAllowed, ...expressAllowed], rules: restrict([KNEX, EXPRESS], KNEX_HANDLE) },
  { files: knexAllowed, rules: restrict([EXPRESS]) },
  { files: expressAllowed, rules: restrict([KNEX], KNEX_HANDLE) },
);
