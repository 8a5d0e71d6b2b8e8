// Chromium's own WebVTT parser reads our export: a <track> on a <video>, cue by cue.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { toWebVtt } from '../../api/src/exports/webvtt.ts';
import { collect, pagesOf, subject, tricky } from '../exports/export-fixture.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Server;
let base = '';
let browser: Browser;
let vtt = '';

before(async () => {
  vtt = (await collect(toWebVtt(subject, pagesOf(tricky())))).text;
  const video = await readFile('embed-demo/media/sample.mp4');
  server = createServer((req, res) => {
    if (req.url === '/thread.vtt') return res.writeHead(200, { 'Content-Type': 'text/vtt; charset=utf-8' }).end(vtt);
    if (req.url === '/sample.mp4') return res.writeHead(200, { 'Content-Type': 'video/mp4' }).end(video);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><video src="/sample.mp4" preload="metadata"><track kind="metadata" src="/thread.vtt" default></video>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('a thread’s WebVTT export loads as a <track>: the cue count, times and text match the thread', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  const cues = await page.evaluate(async () => {
    const track = document.querySelector('track')!;
    if (track.readyState !== HTMLTrackElement.LOADED) {
      await new Promise((resolve, reject) => {
        track.addEventListener('load', resolve);
        track.addEventListener('error', () => reject(new Error('Chromium refused the track')));
      });
    }
    return [...(track.track!.cues as unknown as VTTCue[])].map((c) => {
      const html = c.getCueAsHTML();
      const voice = html.firstChild as HTMLElement;
      return { id: c.id, start: c.startTime, end: c.endTime, voice: voice.title, text: html.textContent };
    });
  });
  const shown = tricky().filter((r) => !r.hidden && !r.deleted);
  assert.equal(cues.length, shown.length);
  const byId = new Map(cues.map((c) => [c.id, c]));
  for (const row of shown) {
    const cue = byId.get(row.id);
    assert.ok(cue, row.id);
    const isPoint = row.t_start_ms === row.t_end_ms;
    const end = isPoint ? Math.max(Math.min(row.t_start_ms + 2000, subject.exercise.duration_ms!), row.t_start_ms + 1) : row.t_end_ms;
    assert.deepEqual([Math.round(cue.start * 1000), Math.round(cue.end * 1000)], [row.t_start_ms, end], row.id);
    // Chromium turns <v Name> into a span titled with the name, references decoded.
    assert.equal(cue.voice, row.author_name);
    assert.equal(cue.text, row.body.split(/\r\n|\r|\n/).filter((l) => l.trim()).join('\n'));
  }
  await page.close();
});
