// End to end (issue 17): a drawing made on the paused frame in Chromium is stored, reaches a second
// browser context live, shows only inside its comment's range (and while the comment is focused),
// and stays on the same spot of the picture when the player is resized and when the frame is
// mirrored; axe finds nothing with the editor open.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CommentView } from '../../api/src/contract/comments.ts';
import { BOX_STEP, NO_CHROMIUM, demoToken, openDemo, seek, startDemo, type DemoBrowser } from '../helpers/demo-browser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TEXT = 'Your left knee caves in here';
/** Where the arrow drawn below points, in fractions of the picture. */
const TIP: [number, number] = [0.6, 0.65];

let demo: DemoBrowser;

let widgetDir = '';

before(async () => {
  if (NO_CHROMIUM) return;
  widgetDir = await mkdtemp(path.join(tmpdir(), 'et-drawing-widget-'));
  demo = await startDemo(['production'], widgetDir);
});

after(async () => {
  if (NO_CHROMIUM) return;
  await demo?.close();
  await rm(widgetDir, { recursive: true, force: true });
});

/** The video's picture on screen (its box, less the letterbox `object-fit: contain` leaves). */
async function picture(page: Page): Promise<{ left: number; top: number; width: number; height: number }> {
  return page.evaluate(() => {
    const v = document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('video')!;
    const r = v.getBoundingClientRect();
    const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    const [w, h] = [v.videoWidth * scale, v.videoHeight * scale];
    return { left: r.left + (r.width - w) / 2, top: r.top + (r.height - h) / 2, width: w, height: h };
  });
}

/** Drags the mouse across the picture, between points given as fractions of it (as seen on screen). */
async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const p = await picture(page);
  const at = ([x, y]: [number, number]) => [p.left + x * p.width, p.top + y * p.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(at(from)[0] + ((at(to)[0] - at(from)[0]) * i) / 5, at(from)[1] + ((at(to)[1] - at(from)[1]) * i) / 5);
  await page.mouse.up();
}

/** Where the shown arrow's tip is, as a fraction of the picture on screen; null when no drawing shows. */
async function arrowTip(page: Page, label: string): Promise<[number, number] | null> {
  const p = await picture(page);
  const tip = await page.evaluate((label) => {
    const overlay = document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('et-drawing-overlay');
    const svg = [...(overlay?.shadowRoot?.querySelectorAll('svg') ?? [])].find((s) => s.getAttribute('aria-label') === label);
    if (!svg) return null;
    // The arrow's path: "M x1 y1 L x2 y2 M …": its tip is the second point, in the viewBox's units.
    const path = svg.querySelector('path:not(.halo)') as SVGPathElement;
    const [, , , x2, y2] = path.getAttribute('d')!.match(/^M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)/)!.map(Number) as number[];
    const m = path.getScreenCTM()!;
    return [m.a * x2! + m.c * y2! + m.e, m.b * x2! + m.d * y2! + m.f] as [number, number];
  }, label);
  return tip && [(tip[0] - p.left) / p.width, (tip[1] - p.top) / p.height];
}

const close = (a: [number, number] | null, b: [number, number], what: string) => {
  assert.ok(a, `${what}: the drawing shows`);
  assert.ok(Math.abs(a[0] - b[0]) < 0.01 && Math.abs(a[1] - b[1]) < 0.01, `${what}: ${a} ≈ ${b}`);
};

/** The player's "Mirror" toggle, pressed and seen to take effect on the surface's frame. */
async function mirror(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Mirror', exact: true });
  await button.click();
  await page.waitForFunction(() => {
    const frame = document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('.frame')!;
    return getComputedStyle(frame).transform === 'matrix(-1, 0, 0, 1, 0, 0)';
  });
}

async function stored(exercise: RegExp): Promise<CommentView | undefined> {
  const token = await demoToken(demo.base, 'learner-1');
  const headers = { authorization: `Bearer ${token.access_token}` };
  const ex = token.exercises.find((e) => exercise.test(e.title))!;
  const threads = await (await fetch(`${demo.base}/api/v1/threads?exercise_video_id=${ex.id}`, { headers })).json();
  const comments = await (await fetch(`${demo.base}/api/v1/threads/${threads.data[0].id}/comments?limit=200`, { headers })).json();
  return (comments.data as CommentView[]).find((c) => c.body === TEXT);
}

// The same on the demo's MP4 exercise (the box step) and its HLS one (the golf swing, through hls.js).
for (const [kind, exercise] of [['MP4', BOX_STEP], ['HLS', /Golf swing/]] as const) {
  test(`${kind}: a drawing on the paused frame is stored, appears live elsewhere inside its range only, and keeps its place on resize and mirror`, { skip: NO_CHROMIUM, timeout: 120_000 }, async () => {
    // CSP bypassed in the learner's page only so that axe can be injected.
    const learner = await openDemo(demo.base, await demo.browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true }), 'learner-1', exercise);
    const instructor = await openDemo(demo.base, await demo.browser.newContext({ viewport: { width: 1200, height: 900 } }), 'instructor', exercise);
    if (kind === 'HLS') {
      await learner.waitForFunction(() => document.querySelector('exercise-thread')?.shadowRoot?.querySelector('et-video-surface')?.shadowRoot?.querySelector('video')?.dataset.engine === 'hls.js');
    }
    await instructor.getByRole('button', { name: /Sam Rivera/ }).waitFor();
    const scripts: string[] = [];
    learner.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));

    // A range from 2 s to 4 s; the frame at 3 s.
    await seek(learner, 2);
    await learner.getByRole('button', { name: 'Set in point' }).click();
    await seek(learner, 4);
    await learner.getByRole('button', { name: 'Set out point' }).click();
    await seek(learner, 3);
    assert.ok(!scripts.some((s) => s.includes('et-drawing-editor')), 'the editor is not loaded before "Draw"');
    await learner.getByRole('button', { name: 'Draw', exact: true }).click();
    const toolbar = learner.getByRole('toolbar', { name: 'Drawing tools' });
    await toolbar.waitFor();
    assert.ok(scripts.some((s) => /\/widget\/chunks\/et-drawing-editor-[^/]*\.js$/.test(s)), `the editor is a chunk of its own: ${scripts.join(', ')}`);
    assert.equal(await learner.locator('exercise-thread et-video-surface video').evaluate((v: HTMLVideoElement) => v.paused), true);

    // Every control is named as the issue says; axe finds nothing with the editor open.
    for (const name of ['Arrow', 'Line', 'Rectangle', 'Ellipse', 'Freehand', 'Save drawing', 'Cancel drawing']) await toolbar.getByRole('button', { name, exact: true }).waitFor();
    await learner.addScriptTag({ path: AXE });
    const violations = await learner.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run({ include: [['exercise-thread']] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    assert.deepEqual(violations, []);

    // An arrow (red) and a freehand stroke; then save, write, send.
    await toolbar.getByLabel('Colour').selectOption('red');
    await toolbar.getByRole('button', { name: 'Arrow', exact: true }).click();
    await drag(learner, [0.25, 0.3], [0.6, 0.65]);
    await toolbar.getByRole('button', { name: 'Freehand', exact: true }).click();
    assert.equal(await toolbar.getByRole('button', { name: 'Freehand', exact: true }).getAttribute('aria-pressed'), 'true');
    await drag(learner, [0.6, 0.2], [0.8, 0.4]);
    await toolbar.getByRole('button', { name: 'Save drawing' }).click();
    await toolbar.waitFor({ state: 'detached' });
    await learner.getByText('Drawing attached').waitFor();
    await learner.getByLabel('Comment from 00:02.0 to 00:04.0').fill(TEXT);
    await learner.getByRole('button', { name: 'Send' }).click();

    // Stored: in fractions of the video's frame, as drawn.
    await learner.locator('et-comment', { hasText: TEXT }).locator('time').waitFor();
    const comment = await stored(exercise);
    assert.equal(comment?.drawing?.shapes.length, 2);
    const [arrow, stroke] = comment!.drawing!.shapes;
    assert.deepEqual([arrow!.type, arrow!.colour, stroke!.type], ['arrow', 'red', 'freehand']);
    close(arrow!.points[0]!, [0.25, 0.3], 'arrow tail stored');
    close(arrow!.points[1]!, [0.6, 0.65], 'arrow tip stored');
    assert.ok(stroke!.points.length >= 2 && stroke!.points.length <= 7, `the straight stroke was simplified: ${stroke!.points.length} points`);

    // Live in the instructor's browser; shown only inside 2–4 s.
    await instructor.locator('et-comment', { hasText: TEXT }).waitFor();
    await seek(instructor, 3);
    await instructor.waitForFunction((label) => {
      const o = document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('et-drawing-overlay');
      return [...(o?.shadowRoot?.querySelectorAll('svg') ?? [])].some((s) => s.getAttribute('aria-label') === label);
    }, TEXT);
    close(await arrowTip(instructor, TEXT), TIP, 'shown at 3 s, where it was drawn');
    await seek(instructor, 6);
    await instructor.waitForFunction(() => !document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('et-drawing-overlay'));
    assert.equal(await arrowTip(instructor, TEXT), null, 'not shown at 6 s');
    await seek(instructor, 1);
    assert.equal(await arrowTip(instructor, TEXT), null, 'not shown at 1 s');

    // Focused, the comment shows its drawing whatever the time.
    await instructor.locator('et-comment', { hasText: TEXT }).getByRole('button', { name: 'Reply' }).focus();
    await instructor.waitForFunction(() => !!document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('et-drawing-overlay'));
    close(await arrowTip(instructor, TEXT), TIP, 'shown while focused');
    await instructor.locator('exercise-thread et-composer textarea').focus();
    await instructor.waitForFunction(() => !document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('et-drawing-overlay'));

    // Resized: the same spot of the (smaller) picture.
    await seek(instructor, 3.5);
    const before = await picture(instructor);
    await instructor.setViewportSize({ width: 640, height: 900 });
    await instructor.waitForFunction((w) => {
      const v = document.querySelector('exercise-thread')!.shadowRoot!.querySelector('et-video-surface')!.shadowRoot!.querySelector('video')!;
      return v.getBoundingClientRect().width < w - 50;
    }, before.width);
    assert.ok((await picture(instructor)).width < before.width - 50, 'the player is smaller');
    close(await arrowTip(instructor, TEXT), TIP, 'after a resize');

    // Mirrored by the player's own toggle (it flips the surface's frame, video and drawings together): the tip stays on
    // the same spot of the picture, which is now on the other side of the screen.
    await mirror(instructor);
    close(await arrowTip(instructor, TEXT), [1 - TIP[0], TIP[1]], 'mirrored');

    // Drawing on a mirrored frame stores unmirrored coordinates.
    await mirror(learner);
    await learner.getByRole('button', { name: 'Draw', exact: true }).click();
    const mirroredBar = learner.getByRole('toolbar', { name: 'Drawing tools' });
    await mirroredBar.waitFor();
    await drag(learner, [0.2, 0.5], [0.3, 0.7]);
    await mirroredBar.getByRole('button', { name: 'Save drawing' }).click();
    await learner.locator('exercise-thread et-composer textarea').fill(`${TEXT}, mirrored`);
    await learner.getByRole('button', { name: 'Send' }).click();
    await learner.locator('et-comment', { hasText: `${TEXT}, mirrored` }).locator('time').waitFor();
    const token = await demoToken(demo.base, 'learner-1');
    const headers = { authorization: `Bearer ${token.access_token}` };
    const threads = await (await fetch(`${demo.base}/api/v1/threads?exercise_video_id=${token.exercises.find((e) => exercise.test(e.title))!.id}`, { headers })).json();
    const all = (await (await fetch(`${demo.base}/api/v1/threads/${threads.data[0].id}/comments?limit=200`, { headers })).json()).data as CommentView[];
    const mirrored = all.find((c) => c.body === `${TEXT}, mirrored`)!.drawing!.shapes[0]!;
    close(mirrored.points[0]!, [0.8, 0.5], 'mirrored drawing, tail unmirrored');
    close(mirrored.points[1]!, [0.7, 0.7], 'mirrored drawing, tip unmirrored');
  });
}
