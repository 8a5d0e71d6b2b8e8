// Stands in for a partner's backend: asks the demo endpoint for a token for a seeded user, then
// puts one <exercise-thread> tag on the page. It lands signed in as the first learner; "View as"
// switches user. `?as=learner-1&exercise=2` opens one user's exercise directly; an instructor's
// `?as=instructor&exercise=inbox` opens their inbox across every exercise they author.
const form = document.getElementById('who');
const status = document.getElementById('status');
const list = document.getElementById('exercises');
const slot = document.getElementById('slot');
const params = new URLSearchParams(location.search);
const KEY = 'et-demo-session';

async function requestToken(as) {
  const res = await fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as }) });
  if (!res.ok) throw new Error(`Could not sign in (${res.status}). Is DEMO_MODE on?`);
  return { as, ...(await res.json()) };
}

const INBOX = { id: 'inbox', title: 'Inbox' };

function show(exercise, session) {
  const el = document.createElement('exercise-thread');
  el.setAttribute('api-base', location.origin);
  if (exercise === INBOX) el.setAttribute('view', 'inbox');
  else el.setAttribute('exercise-id', exercise.id);
  el.setAttribute('token', session.access_token);
  if (params.get('lang')) el.setAttribute('lang', params.get('lang'));
  if (params.get('youtube-api-url')) el.setAttribute('youtube-api-url', params.get('youtube-api-url'));
  // Tokens expire: the partner's backend would mint a new one here.
  el.tokenProvider = async () => (await requestToken(session.as)).access_token;
  slot.replaceChildren(el);
  for (const a of list.querySelectorAll('a')) a.toggleAttribute('aria-current', a.dataset.id === exercise.id);
  const url = new URL(location.href);
  url.searchParams.set('as', session.as);
  url.searchParams.set('exercise', exercise.id);
  history.replaceState(null, '', url);
}

function signedIn(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  form.elements.as.value = session.as;
  status.textContent = `Signed in as ${session.user.name} (${session.user.role}).`;
  // An instructor's inbox comes first: it is where their day starts.
  const entries = session.user.role === 'instructor' ? [INBOX, ...session.exercises] : session.exercises;
  list.replaceChildren(
    ...entries.map((e) => {
      const li = document.createElement('li');
      const a = Object.assign(document.createElement('a'), { href: `?as=${session.as}&exercise=${e.id}`, textContent: e.title });
      a.dataset.id = e.id;
      a.addEventListener('click', (event) => {
        event.preventDefault();
        show(e, session);
      });
      li.append(a);
      return li;
    }),
  );
  const wanted = params.get('exercise');
  const exercise = entries.find((e) => e.id === wanted) ?? session.exercises[Number(wanted) || 0];
  if (exercise) show(exercise, session);
}

async function signIn(as) {
  try {
    signedIn(await requestToken(as));
  } catch (error) {
    status.textContent = error.message;
  }
}

// Switching user keeps the exercise on screen, seen through the other user's eyes.
form.elements.as.addEventListener('change', () => {
  const current = slot.querySelector('exercise-thread')?.getAttribute('exercise-id');
  if (current) params.set('exercise', current);
  void signIn(form.elements.as.value);
});
form.addEventListener('submit', (event) => event.preventDefault());

const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
const as = params.get('as');
if (saved && (!as || saved.as === as)) signedIn(saved);
else void signIn(as ?? form.elements.as.value);
