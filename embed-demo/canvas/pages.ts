import type { PlatformUser, ResourceLink } from './test-platform.ts';

// HTML of the test platform: a Canvas-like course page and the OIDC form post.

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const CANVAS_CSS = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 "Lato", "Helvetica Neue", Arial, sans-serif; color: #2d3b45; display: flex; min-height: 100vh; }
  .global-nav { width: 84px; background: #394b58; color: #fff; display: flex; flex-direction: column; align-items: center; padding-top: 12px; gap: 18px; font-size: 11px; }
  .global-nav .logo { width: 44px; height: 44px; border-radius: 50%; background: #e66135; display: grid; place-items: center; font-weight: 700; font-size: 18px; }
  .global-nav a { color: #fff; text-decoration: none; text-align: center; }
  .main { flex: 1; display: flex; flex-direction: column; }
  .crumbs { border-bottom: 1px solid #c7cdd1; padding: 14px 24px; font-size: 18px; }
  .crumbs a { color: #0374b5; text-decoration: none; }
  .body { display: flex; flex: 1; }
  .course-nav { width: 170px; padding: 16px 0 0 24px; }
  .course-nav a { display: block; color: #0374b5; text-decoration: none; padding: 4px 8px; border-left: 3px solid transparent; }
  .course-nav a.active { color: #2d3b45; border-left-color: #2d3b45; }
  .content { flex: 1; padding: 16px 24px; }
  .module { border: 1px solid #c7cdd1; border-radius: 4px; margin-bottom: 16px; }
  .module h2 { margin: 0; background: #f5f5f5; font-size: 16px; padding: 10px 14px; border-bottom: 1px solid #c7cdd1; }
  .module ul { margin: 0; padding: 0; list-style: none; }
  .module li { padding: 8px 14px; border-bottom: 1px solid #eef0f1; }
  .module li.current { background: #e9f3fa; }
  .module li a { color: #0374b5; text-decoration: none; }
  .who { float: right; font-size: 14px; }
  .who a { margin-left: 8px; color: #0374b5; }
  .btn { display: inline-block; padding: 6px 12px; background: #0374b5; color: #fff; border-radius: 4px; text-decoration: none; font-size: 14px; }
  iframe.tool { width: 100%; height: 720px; border: 1px solid #c7cdd1; border-radius: 4px; }
`;

export function coursePage(input: {
  as: 'learner' | 'instructor';
  user: PlatformUser;
  course: { label: string; title: string };
  links: ResourceLink[];
  current: string | undefined;
  frame: string | undefined;
  /** Answer the tool's 1EdTech platform-storage postMessages (lti.put_data / lti.get_data). */
  storage?: boolean;
}): string {
  const items = input.links
    .map(
      (l) =>
        `<li class="${l.id === input.current ? 'current' : ''}"><a href="/course?as=${input.as}&amp;link=${encodeURIComponent(l.id)}">🎬 ${esc(l.title)}</a></li>`,
    )
    .join('');
  const other = input.as === 'learner' ? 'instructor' : 'learner';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.course.label)}: Modules</title><style>${CANVAS_CSS}</style></head>
<body>
<nav class="global-nav" aria-label="Global"><div class="logo">C</div><a href="#">Account</a><a href="#">Dashboard</a><a href="#">Courses</a><a href="#">Calendar</a><a href="#">Inbox</a></nav>
<div class="main">
  <div class="crumbs"><a href="/course?as=${input.as}">${esc(input.course.label)}</a> › Modules
    <span class="who">Signed in as <strong data-testid="user">${esc(input.user.name)}</strong> (${input.as})<a href="/course?as=${other}">View as ${other}</a></span></div>
  <div class="body">
    <nav class="course-nav" aria-label="Course"><a href="#">Home</a><a href="#">Announcements</a><a href="#">Assignments</a><a class="active" href="/course?as=${input.as}">Modules</a><a href="#">Grades</a><a href="#">People</a></nav>
    <main class="content">
      <section class="module"><h2>Module 1: Performance feedback</h2><ul>${items}</ul></section>
      ${input.as === 'instructor' ? '<p><a class="btn" href="/course?as=instructor&amp;add=1">+ Add an exercise (Deep Linking)</a></p>' : ''}
      ${input.frame ? `<iframe class="tool" title="Exercise Threads" src="${esc(input.frame)}" allow="autoplay; fullscreen; encrypted-media"></iframe>` : '<p>Choose an item.</p>'}
    </main>
  </div>
</div>
${input.storage ? `<script>${PLATFORM_STORAGE}</script>` : ''}
</body></html>`;
}

/**
 * The 1EdTech Client-Side postMessage platform storage, as Canvas runs it in the course page:
 * values kept per sending origin (one tool never reads another's), answered to that origin only.
 */
const PLATFORM_STORAGE = `(() => {
  const stores = new Map();
  const supported = ['lti.capabilities', 'lti.put_data', 'lti.get_data'];
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object' || !supported.includes(m.subject) || !event.source) return;
    const store = stores.get(event.origin) ?? new Map();
    stores.set(event.origin, store);
    const reply = (body) => event.source.postMessage({ subject: m.subject + '.response', message_id: m.message_id, ...body }, event.origin);
    if (m.subject === 'lti.capabilities') return reply({ supported_messages: supported.slice(1).map((subject) => ({ subject, frame: '_parent' })) });
    if (typeof m.key !== 'string' || !m.key) return reply({ error: { code: 'bad_request', message: 'key is required' } });
    if (m.subject === 'lti.put_data') {
      if (m.value === undefined || m.value === null) store.delete(m.key);
      else store.set(m.key, String(m.value));
      return reply({ key: m.key, value: m.value });
    }
    reply({ key: m.key, value: store.has(m.key) ? store.get(m.key) : null });
  });
})();`;

/** The OIDC form post, as a platform sends it: an auto-submitted form targeting the tool. */
export function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Launching…</title></head>
<body><form id="launch" method="post" action="${esc(action)}">${inputs}<noscript><button>Continue</button></noscript></form>
<script>document.getElementById('launch').submit();</script></body></html>`;
}

export function messagePage(text: string, back: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head>
<body style="font: 15px system-ui, sans-serif; padding: 16px"><p data-testid="message">${esc(text)}</p><p><a href="${esc(back)}" target="_top">Back to the course</a></p></body></html>`;
}
