// The demo page in Chromium against the real server (in-process, port 0, fresh database,
// DEMO_MODE on, the live channel): what the end-to-end tests share.
import type { Knex } from 'knex';
import express from 'express';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../api/src/app.ts';
import { createContainer, stopJobs, type Container } from '../../api/src/container.ts';
import { seedDemoIfEmpty } from '../../api/src/demo/demo-seed.ts';
import { widgetAssets } from '../../api/src/http/widget-assets.ts';
import { createLiveServer, type LiveServer } from '../../api/src/live/live-server.ts';
import { testConfig } from './context.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `needs Chromium at ${CHROMIUM} (Debian package \`chromium\`)`;
export const BOX_STEP = /Box step/;
/** How the end-to-end tests launch Chromium (headless, quiet, video plays without a gesture). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];
/** The media worker's timings in these tests: quick polls, no retry delay, the fastest encode. */
export const FAST_MEDIA_JOBS: Parameters<typeof createContainer>[3] = { queue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, onError: () => {} }, jobs: { retryDelaySeconds: 0 }, preset: 'ultrafast' };

export interface DemoBrowser {
  base: string;
  browser: Browser;
  /** The server's database, for seeding what the demo has no API for (an LMS course, say). */
  knex: Knex;
  /** Starts the media worker (with `mediaDir`): uploads are probed on completion either way, transcoded only once it runs. */
  startMediaWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the element from the sources under test (`modes`: vite modes), serves the seeded demo,
 * launches Chromium. With `widgetDir`, the element is built into and served from that folder
 * (dist/ may be in use by test files running beside this one). With `mediaDir`, uploads are stored
 * there, probed on completion, and transcoded (ultrafast) once `startMediaWorker()` is called.
 */
export async function startDemo(modes: string[] = ['production'], widgetDir?: string, mediaDir?: string): Promise<DemoBrowser> {
  // The page loads the built element, as a partner's page would.
  const out = widgetDir ? { build: { outDir: widgetDir, emptyOutDir: true } } : {};
  for (const mode of modes) await build({ configFile: 'vite.widget.config.ts', mode, logLevel: 'error', ...out });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const db: TestDatabase = await freshDatabase();
  const media: { config: Record<string, string>; jobs: Parameters<typeof createContainer>[3] } = mediaDir
    ? { config: { DATA_DIR: mediaDir }, jobs: FAST_MEDIA_JOBS }
    : { config: {}, jobs: {} };
  const c = createContainer(testConfig({ PUBLIC_URL: base, DEMO_MODE: '1', ...media.config }), db, () => {}, media.jobs);
  await seedDemoIfEmpty(c);
  const app = createApp(c, { onUnexpected: (e) => console.error(e) });
  server.on('request', widgetDir ? express().use('/widget', widgetAssets(widgetDir)).use(app) : app);
  const live: LiveServer = await createLiveServer(server, c, { onError: () => {} });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    base,
    browser,
    knex: db.knex,
    startMediaWorker: () => c.media.jobs.start(),
    close: () => stopServer({ browser, server, live, c, db }),
  };
}

/** Stops what a start made: the browser, the server and its live channel, the job queues, the database. */
export async function stopServer(s: { browser: Browser; server: Server; live: LiveServer; c: Container; db: TestDatabase }): Promise<void> {
  await s.browser.close();
  s.server.closeAllConnections();
  await s.live.close();
  await new Promise((resolve) => s.server.close(resolve));
  await stopJobs(s.c);
  await s.db.close();
}

/** A demo user's access token and exercises. */
export async function demoToken(base: string, as: string): Promise<{ access_token: string; exercises: { id: string; title: string }[] }> {
  const res = await fetch(`${base}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as }) });
  return (await res.json()) as { access_token: string; exercises: { id: string; title: string }[] };
}

/** The seeded exercise's id, so the page opens it straight away (the demo otherwise shows the first). */
export async function exerciseId(base: string, title: RegExp): Promise<string> {
  return (await demoToken(base, 'instructor')).exercises.find((e) => title.test(e.title))!.id;
}

/** Opens the demo as a user on an exercise, once its timeline shows and its video has metadata. */
export async function openDemo(base: string, context: BrowserContext, as: string, exercise = BOX_STEP): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${as}] page error:`, e));
  await page.goto(`${base}/demo/?as=${as}&exercise=${await exerciseId(base, exercise)}`);
  await page.locator('exercise-thread et-timeline').waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
    return v && v.readyState >= 1;
  });
  return page;
}

/** Seeks the element's video (as a click on the timeline would) and waits for the player to follow. */
export async function seek(page: Page, time: number): Promise<void> {
  await page.locator('exercise-thread').evaluate((el, t) => (el as HTMLElement & { seek(t: number): void }).seek(t), time);
  await page.waitForFunction(
    (t) => {
      const v = document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video');
      return v && Math.abs(v.currentTime - t) < 0.05;
    },
    time,
  );
}
