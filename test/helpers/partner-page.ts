// The element on a partner's page in Chromium: the real server in-process (port 0, fresh database,
// local storage and the built element in a folder of the test's own, the live channel) and a
// course page on another loopback origin that loads the element's script, as an LMS page would.
// What the end-to-end tests of attempts and uploads share; the demo's is demo-browser.ts.
import express from 'express';
import type { Knex } from 'knex';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../api/src/app.ts';
import { createContainer, type Container } from '../../api/src/container.ts';
import { widgetAssets } from '../../api/src/http/widget-assets.ts';
import { createLiveServer } from '../../api/src/live/live-server.ts';
import { closeServer, listen } from '../media/helpers.ts';
import { testConfig } from './context.ts';
import { freshDatabase } from './database.ts';
import { CHROMIUM, CHROMIUM_ARGS, FAST_MEDIA_JOBS, stopServer } from './demo-browser.ts';

export interface PartnerPage {
  /** The API's origin. */
  base: string;
  /** The course page's origin: `${origin}/?token=…&exercise=…` shows the element. */
  origin: string;
  /** The tenant's API key (the page's origin is allowed). */
  apiKey: string;
  browser: Browser;
  c: Container;
  /** The server's database, for what a test checks beside the page. */
  knex: Knex;
  /** Starts the media worker: uploads are probed on completion either way, transcoded only once it runs. */
  startMediaWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface PartnerPageOptions {
  /** The test's own folder: the element is built into `widget/`, storage lives in `data/`. */
  dir: string;
  /** More settings for the server (as environment variables). */
  config?: Record<string, string>;
  /** Files the page serves beside the element (a model video): URL path → file. */
  files?: Record<string, string>;
  /** More Chromium switches (a fake camera). */
  chromiumArgs?: string[];
}

export async function startPartnerPage(options: PartnerPageOptions): Promise<PartnerPage> {
  // Built into the test's folder, from the sources under test (dist/ may be in use by others).
  const widgetDir = path.join(options.dir, 'widget');
  await build({ configFile: 'vite.widget.config.ts', mode: 'production', logLevel: 'error', build: { outDir: widgetDir, emptyOutDir: true } });
  const api: Server = createServer();
  const base = await listen(api);
  const db = await freshDatabase();
  const c = createContainer(testConfig({ PUBLIC_URL: base, DATA_DIR: path.join(options.dir, 'data'), ...options.config }), db, () => {}, FAST_MEDIA_JOBS);
  api.on('request', createApp(c, { onUnexpected: (e) => console.error(e) }));
  const live = await createLiveServer(api, c, { onError: () => {} });

  const site = express().use('/widget', widgetAssets(widgetDir));
  for (const [url, file] of Object.entries(options.files ?? {})) site.get(url, (_req, res) => res.sendFile(path.resolve(file)));
  site.get('/', (req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    res.type('html').send(`<!doctype html><html lang="en"><title>Course</title><main>
      <exercise-thread api-base="${base}" token="${q.get('token')}" exercise-id="${q.get('exercise') ?? ''}"></exercise-thread>
      </main><script type="module" src="/widget/exercise-thread.js"></script>`);
  });
  const page = createServer(site);
  const origin = await listen(page);
  const { apiKey } = await c.tenants.create({ name: 'School', allowedOrigins: [origin] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])] });
  return {
    base,
    origin,
    apiKey,
    browser,
    c,
    knex: db.knex,
    startMediaWorker: () => c.media.jobs.start(),
    async close() {
      await closeServer(page);
      await stopServer({ browser, server: api, live, c, db });
    },
  };
}
