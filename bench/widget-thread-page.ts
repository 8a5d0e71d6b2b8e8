// Runs in the browser (bundled by bench/widget-thread.bench.ts): mounts <exercise-thread> on a
// thread of N comments served by an in-page stand-in for the API, then measures first render,
// the list settling (a long thread windowed by the virtualizer), scrolling the list, and
// playback-driven updates while the list follows the playhead.
import '../widget/src/exercise-thread.ts';
import type { ExerciseThread, LiveClient } from '../widget/src/exercise-thread.ts';

const EXERCISE = '00000000-0000-4000-8000-0000000000ee';
const THREAD = '00000000-0000-4000-8000-0000000000aa';
const DURATION = 600;

function comments(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const t = (i / n) * DURATION;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      thread_id: THREAD,
      seq: i + 1,
      author: { id: i % 3 ? 'u-learner' : 'u-teacher', name: i % 3 ? 'Sam Rivera' : 'Maya Okafor', role: i % 3 ? 'learner' : 'instructor' },
      t_start: t,
      t_end: i % 5 === 0 ? t + 4 : t,
      body: `Comment ${i}: the weight moves to the left foot a little too early on count three.`,
      parent_id: null,
      created_at: '2026-11-22T10:00:00.000Z',
      updated_at: '2026-11-22T10:00:00.000Z',
      deleted: false,
      hidden: false,
    };
  });
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function run(n: number) {
  const data = comments(n);
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = new URL(String(input)).pathname.replace('/api/v1', '');
    if (path.startsWith('/exercises/')) {
      return json({ id: EXERCISE, title: 'Bench', description: '', source: { type: 'url', url: '', youtube_id: null, media_asset_id: null }, duration: DURATION, metadata: {}, creator_id: 'u-teacher', author_ids: [], archived: false, created_at: '', updated_at: '' });
    }
    if (path === '/threads' && init.method === 'POST') return json({ id: THREAD, exercise_video_id: EXERCISE, owner: { id: 'u-learner', name: 'Sam' }, comment_count: n, last_seq: n, last_activity_at: '', unread_count: 0, awaiting_reply: false, read_only: false, created_at: '' });
    if (path.endsWith('/comments')) return json({ data, next_cursor: null });
    return new Response(null, { status: 204 });
  };
  const live = (): LiveClient => ({ subscribe: async () => {}, unsubscribe: async () => {}, lastSeq: () => 0, close: () => {} });

  const tasks: { phase: string; duration: number }[] = [];
  let phase = 'load';
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ phase, duration: e.duration });
  });
  observer.observe({ type: 'longtask', buffered: false });

  const el = document.createElement('exercise-thread') as ExerciseThread;
  Object.assign(el, { fetch, liveClientFactory: live });
  el.setAttribute('api-base', 'http://bench.test');
  el.setAttribute('exercise-id', EXERCISE);
  el.setAttribute('token', `${b64({ alg: 'HS256' })}.${b64({ sub: 'u-learner' })}.x`);
  el.setAttribute('pause-on-type', '');
  document.body.replaceChildren(el);
  // From the moment the comments are in the element's hands to the first painted list.
  while (el.status !== 'ready') await new Promise((r) => setTimeout(r, 0));
  const t0 = performance.now();
  await el.updateComplete;
  const list = el.list!;
  await list.updateComplete;
  await frame();
  const firstRender = performance.now() - t0;

  phase = 'settle';
  await list.whenWindowed();
  const ol = list.shadowRoot!.querySelector('ol')!;
  // Settled: the virtualizer has measured what it rendered, so the scroll height holds.
  for (let last = -1, same = 0; same < 3; ) {
    await frame();
    same = ol.scrollHeight === last ? same + 1 : 0;
    last = ol.scrollHeight;
  }
  const settled = performance.now() - t0;
  const inDom = () => list.shadowRoot!.querySelectorAll('li').length;
  const domAfterLoad = inDom();

  phase = 'scroll';
  let domMax = domAfterLoad;
  for (let i = 0; i < 60; i++) {
    ol.dispatchEvent(new WheelEvent('wheel', { deltaY: 400 }));
    ol.scrollTop += ol.scrollHeight / 60;
    await frame();
    domMax = Math.max(domMax, inDom());
  }
  // The list stops following the playhead for 4 s after the user scrolls it; play after that.
  await new Promise((r) => setTimeout(r, 4100));

  phase = 'playing';
  const surface = el.shadowRoot!.querySelector('et-video-surface')!;
  // A video's timeupdate rate (4 Hz), sped up: 120 updates across the whole timeline.
  const followed = new Set<number>();
  for (let i = 0; i < 120; i++) {
    surface.dispatchEvent(new CustomEvent('et-time-update', { detail: { currentTime: (i / 120) * DURATION, duration: DURATION, paused: false }, bubbles: true, composed: true }));
    await frame();
    followed.add(Math.round(ol.scrollTop));
    domMax = Math.max(domMax, inDom());
  }
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  const longest = (p: string) => Math.max(0, ...tasks.filter((t) => t.phase === p).map((t) => t.duration));
  return {
    n,
    firstRender,
    settled,
    dom: { afterLoad: domAfterLoad, max: domMax },
    // How many distinct scroll positions the list took while playing: it followed the playhead.
    followed: followed.size,
    longest: { load: longest('load'), settle: longest('settle'), scroll: longest('scroll'), playing: longest('playing') },
  };
}

(window as unknown as { runBench: typeof run }).runBench = run;
