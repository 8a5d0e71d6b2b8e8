// Part of scripts/newcomer-check.sh, run in the fresh clone against its `npm start`: an upload
// through the API plays (every playlist, segment and the poster answer 200), and /demo shows the
// element with a comment box without any click, in Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.NEWCOMER_URL;
const key = process.env.NEWCOMER_KEY;
const json = { 'Content-Type': 'application/json' };

async function call(method, url, token, body) {
  const res = await fetch(`${base}${url}`, { method, headers: { ...json, Authorization: `Bearer ${token}` }, body: body && JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const temp = mkdtempSync(path.join(tmpdir(), 'et-newcomer-clip-'));
try {
  const clip = path.join(temp, 'clip.mp4');
  const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25:duration=3', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip]);
  if (made.status !== 0) throw new Error(`ffmpeg: ${made.stderr}`);
  const bytes = readFileSync(clip);

  // As a partner's backend: mint an instructor's token with the printed key, then the upload flow.
  const { access_token: token } = await call('POST', '/api/v1/tokens', key, { user: { external_id: 'newcomer', name: 'New Comer', role: 'instructor' } });
  const upload = await call('POST', '/api/v1/media/uploads', token, { file_name: 'clip.mp4', size: bytes.length, content_type: 'video/mp4' });
  const parts = [];
  for (const p of upload.parts) {
    const put = await fetch(p.url, { method: 'PUT', body: bytes.subarray((p.part_number - 1) * upload.part_size, p.part_number * upload.part_size) });
    if (put.status !== 200) throw new Error(`PUT part ${p.part_number}: ${put.status}`);
    parts.push({ part_number: p.part_number, etag: put.headers.get('etag') });
  }
  await call('POST', `/api/v1/media/uploads/${upload.id}/complete`, token, { parts });
  for (let asset; asset?.status !== 'ready'; await new Promise((r) => setTimeout(r, 500))) {
    asset = await call('GET', `/api/v1/media/${upload.id}`, token);
    if (asset.status === 'failed') throw new Error(`transcoding failed: ${asset.error}`);
  }
  const exercise = await call('POST', '/api/v1/exercises', token, { title: 'Newcomer clip', source: { type: 'upload', media_asset_id: upload.id } });
  const play = await call('GET', `/api/v1/exercises/${exercise.id}/playback`, token);
  const fetched = [];
  const get = async (url) => {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${res.status} for ${new URL(url).pathname}: ${await res.text()}`);
    fetched.push(new URL(url).pathname);
    return res;
  };
  await get(play.poster);
  const links = (text) => [...text.split('\n').filter((l) => l.startsWith('http')), ...[...text.matchAll(/URI="([^"]+)"/g)].map((m) => m[1])];
  for (const variant of links(await (await get(play.url)).text())) {
    for (const segment of links(await (await get(variant)).text())) await get(segment);
  }
  if (fetched.length < 4) throw new Error(`too few playback files: ${fetched.join(', ')}`);
  console.log(`newcomer: upload ready; poster, playlists and segments answered 200 (${fetched.length} files)`);

  // /demo, without any click: the element, and a comment box to type in.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/demo`);
    await page.locator('exercise-thread et-composer textarea').waitFor({ timeout: 60_000 });
    await page.getByLabel('View as').waitFor();
    console.log('newcomer: /demo shows the element with a comment box, no click needed');
  } finally {
    await browser.close();
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
