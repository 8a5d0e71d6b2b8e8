// Stands in for a partner's backend: asks the demo endpoint for a token for a seeded user.
const form = document.getElementById('who');
const status = document.getElementById('status');
const list = document.getElementById('exercises');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const as = new FormData(form).get('as');
  const res = await fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as }) });
  if (!res.ok) {
    status.textContent = `Could not sign in (${res.status}). Is DEMO_MODE on?`;
    return;
  }
  const session = await res.json();
  sessionStorage.setItem('et-demo-session', JSON.stringify(session));
  status.textContent = `Signed in as ${session.user.name} (${session.user.role}).`;
  list.replaceChildren(...session.exercises.map((e) => Object.assign(document.createElement('li'), { textContent: e.title })));
});
