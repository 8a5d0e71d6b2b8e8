import type { CatalogueEntry } from './lti.repository.ts';

// The tool's pages inside the LMS iframe. Everything interpolated goes through esc().

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
  :root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; }
  body { margin: 0; padding: 16px; color: #1f2933; }
  h1 { font-size: 1.2rem; margin: 0 0 12px; }
  ul { list-style: none; padding: 0; } li { margin: 6px 0; }
  fieldset { border: 1px solid #cbd2d9; border-radius: 6px; margin: 12px 0; padding: 12px; }
  label { display: block; margin: 6px 0; } input[type=text], input[type=url] { width: min(100%, 420px); padding: 6px; }
  button { padding: 6px 12px; border-radius: 4px; border: 1px solid #3e4c59; background: #fff; cursor: pointer; }
  .error { border-left: 4px solid #ba2525; padding: 8px 12px; background: #fff5f5; }
`;

export function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
${head}
</head>
<body>
${body}
</body>
</html>`;
}

/** The launch's destination: the element with a fresh user token, and the session that renews it. */
export function threadPage(input: { apiBase: string; widgetSrc: string; exerciseId: string; title: string; token: string; renewal: string; role: string }): string {
  return page(
    input.title,
    `<exercise-thread api-base="${esc(input.apiBase)}" exercise-id="${esc(input.exerciseId)}" token="${esc(input.token)}" data-role="${esc(input.role)}"></exercise-thread>
<script src="renew.js" data-endpoint="token" data-session="${esc(input.renewal)}"></script>`,
    `<script type="module" src="${esc(input.widgetSrc)}"></script>
<style>body { padding: 0; } exercise-thread { display: block; }</style>`,
  );
}

function catalogueForm(action: string, session: string, catalogue: CatalogueEntry[], submit: string): string {
  const items = catalogue
    .map(
      (e) => `<li><form method="post" action="${esc(action)}"><input type="hidden" name="session" value="${esc(session)}">` +
        `<input type="hidden" name="exercise_id" value="${esc(e.id)}"><button type="submit" data-exercise-id="${esc(e.id)}">${esc(submit)}</button> ${esc(e.title)}</form></li>`,
    )
    .join('\n');
  return `<fieldset><legend>Existing exercises</legend>${catalogue.length ? `<ul>${items}</ul>` : '<p>No exercises yet.</p>'}</fieldset>
<fieldset><legend>New exercise</legend>
<form method="post" action="${esc(action)}">
<input type="hidden" name="session" value="${esc(session)}">
<label>Title <input type="text" name="title" required maxlength="200"></label>
<label>Video URL (YouTube or a video file) <input type="url" name="url" required maxlength="2000"></label>
<button type="submit">Create and ${esc(submit.toLowerCase())}</button>
</form></fieldset>`;
}

/** Deep Linking: the instructor picks or creates the exercise to place in the course. */
export function deepLinkPage(action: string, session: string, catalogue: CatalogueEntry[]): string {
  return page('Add an exercise', `<h1>Add an exercise to this course</h1>\n${catalogueForm(action, session, catalogue, 'Add')}`);
}

/** First launch of an unbound link by an instructor: choose its exercise. */
export function choosePage(action: string, session: string, catalogue: CatalogueEntry[], linkTitle: string): string {
  return page(
    'Choose the exercise',
    `<h1>Which exercise does “${esc(linkTitle || 'this link')}” open?</h1>\n${catalogueForm(action, session, catalogue, 'Use')}`,
  );
}

export function notReadyPage(): string {
  return page('Not ready yet', '<h1>This activity is not set up yet</h1><p>Your instructor has not chosen its exercise. Please come back later.</p>');
}

/** Posts the form to the platform at once (Deep Linking answer); the button is the no-script fallback. */
export function autoPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return page(
    'Returning to the course',
    `<form id="auto" method="post" action="${esc(action)}">\n${inputs}\n<noscript><button type="submit">Continue</button></noscript></form>
<script src="auto-post.js"></script>`,
  );
}

export function errorPage(status: number, detail: string): string {
  return page('Cannot open the exercise', `<h1>Cannot open the exercise</h1><p class="error" data-status="${status}">${esc(detail)}</p>`);
}
