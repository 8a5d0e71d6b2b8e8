import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/exercise-thread.ts';
import type { EtAttemptDelete } from '../../widget/src/elements/et-attempt-delete.ts';
import type { EtVideoSurface } from '../../widget/src/elements/et-video-surface.ts';
import type { ExerciseThread } from '../../widget/src/exercise-thread.ts';
import type { AttemptView, CommentView } from '../../widget/src/lib/types.ts';
import { attempt, comment, EXERCISE, exercise, fakeApi, fakeLive, json, ME, PROBLEM, TEACHER, thread, tokenFor } from './fixtures/fake-api.ts';

// "Delete attempt" in <exercise-thread>: the owner's control beside the "Attempt" select (a lazy
// element), its confirmation, and the AttemptsController's DELETE /attempts/:id against the
// in-page API stand-in, as the other attempts tests of the element run.

const media = (path: string) => new URL(`/test-media/${path}`, location.href).href;
const THREAD = thread().id;

interface Setup {
  attempts?: AttemptView[];
  comments?: CommentView[];
  /** Who reads: the thread's owner (default) or the exercise's author. */
  as?: 'owner' | 'author';
  /** DELETE /attempts/:id's answer (default 204); `after` is what GET /attempts/:id answers then. */
  refuse?: { status: number; code: string; detail: string; after?: AttemptView };
  lang?: string;
}

async function mount(setup: Setup = {}) {
  const api = fakeApi({ exercise: exercise({ source: { type: 'url', url: media('sample.mp4'), youtube_id: null, media_asset_id: null }, duration: 8 }), comments: setup.comments });
  let attempts = setup.attempts ?? [attempt(1), attempt(2)];
  const deletes: string[] = [];
  api.state.override = (method, path) => {
    if (method === 'GET' && path === `/threads/${THREAD}/attempts?limit=200`) return json(200, { data: attempts, next_cursor: null });
    const playback = /^\/attempts\/([^/]+)\/playback$/.exec(path);
    if (method === 'GET' && playback) {
      return json(200, { kind: 'original', type: 'mp4', url: `${media('sample.mp4')}?attempt=${playback[1]}`, content_type: 'video/mp4', expires_at: '', duration: 8, frame_rate: 24 });
    }
    const one = /^\/attempts\/([^/?]+)$/.exec(path);
    if (one && method === 'DELETE') {
      deletes.push(one[1]!);
      const r = setup.refuse;
      if (r) return json(r.status, { type: `${PROBLEM}${r.code}`, title: 'Refused', status: r.status, detail: r.detail });
      attempts = attempts.filter((a) => a.id !== one[1]);
      return new Response(null, { status: 204 });
    }
    if (one && method === 'GET') return setup.refuse?.after ? json(200, setup.refuse.after) : json(404, { type: `${PROBLEM}not-found`, title: 'Not found', status: 404 });
    return undefined;
  };
  const live = fakeLive();
  const token = setup.as === 'author' ? tokenFor(TEACHER, 'instructor') : tokenFor(ME);
  const el = await fixture<ExerciseThread>(html`<exercise-thread
    api-base="http://api.test" exercise-id=${EXERCISE} token=${token} lang=${setup.lang ?? 'en'}
    .fetch=${api.fetch} .liveClientFactory=${live.factory}
  ></exercise-thread>`);
  await waitUntil(() => el.status === 'ready' && el.shadowRoot!.querySelector('.attempts select'), 'the thread and its attempts show', { timeout: 8000 });
  return { el, api, live, deletes };
}

const root = (el: ExerciseThread) => el.shadowRoot!;
const select = (el: ExerciseThread) => root(el).querySelector<HTMLSelectElement>('.attempts select');
const options = (el: ExerciseThread) => [...(select(el)?.options ?? [])].map((o) => `${o.textContent!.trim()}${o.selected ? ' [selected]' : ''}`);
const control = (el: ExerciseThread) => root(el).querySelector<EtAttemptDelete>('et-attempt-delete');
const inControl = (el: ExerciseThread, selector: string) => control(el)?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const deleteButton = (el: ExerciseThread) => inControl(el, '[part="button"]') as HTMLButtonElement | null;
const buttons = (el: ExerciseThread) => [...(control(el)?.shadowRoot?.querySelectorAll('button') ?? [])].map((b) => b.textContent!.trim());
const announced = (el: ExerciseThread) => root(el).querySelector('.layout > [role="status"][aria-live]')!.textContent;
const surface = (el: ExerciseThread) => root(el).querySelector<EtVideoSurface>('et-video-surface');
/** The element in focus, through the shadow roots. */
function focused(): Element | null {
  let at: Element | null = document.activeElement;
  while (at?.shadowRoot?.activeElement) at = at.shadowRoot.activeElement;
  return at;
}

/** Chooses an attempt in the "Attempt" select, as a user would, and waits for it to play. */
async function choose(el: ExerciseThread, id: string): Promise<void> {
  const s = select(el)!;
  s.value = id;
  s.dispatchEvent(new Event('change'));
  await waitUntil(() => surface(el)?.src.includes(`attempt=${id}`), `${id} plays`, { timeout: 8000 });
  await el.updateComplete;
}

/** Waits for the lazy control to be defined and rendered. */
async function controlReady(el: ExerciseThread): Promise<EtAttemptDelete> {
  await waitUntil(() => control(el)?.shadowRoot, 'et-attempt-delete upgrades', { timeout: 5000 });
  await control(el)!.updateComplete;
  return control(el)!;
}

/** Chooses the attempt, deletes it with a click on each step, and waits for the refusal the API gives. */
async function deleteRefused(el: ExerciseThread, id: string): Promise<void> {
  await choose(el, id);
  await controlReady(el);
  deleteButton(el)!.click();
  await control(el)!.updateComplete;
  (inControl(el, '[part="confirm"]') as HTMLButtonElement).click();
  await waitUntil(() => inControl(el, '[role="alert"]'), 'the refusal shows');
}

describe('"Delete attempt" in <exercise-thread>', function () {
  this.timeout(30_000);

  it('the owner deletes the attempt shown after confirming: the request goes, it leaves the select, the model plays again, the focus is on the select', async () => {
    const comments = [comment({ attempt_id: 'att-2', body: 'My hips' }), comment({ attempt_id: 'att-2', body: 'Again' }), comment({ attempt_id: 'att-1' }), comment({ body: 'On the model' })];
    const { el, api, live, deletes } = await mount({ comments });
    await choose(el, 'att-2');
    await controlReady(el);
    const button = deleteButton(el)!;
    expect(button.textContent!.trim()).to.equal('Delete attempt');
    expect(button.getAttribute('aria-label'), 'its accessible name says which').to.equal('Delete attempt 2');
    await expect(el).to.be.accessible();

    // By keyboard: Enter on the button opens the question, on Cancel (a second Enter does not delete).
    button.focus();
    await sendKeys({ press: 'Enter' });
    await control(el)!.updateComplete;
    const group = inControl(el, '[role="group"]')!;
    expect(inControl(el, `#${group.getAttribute('aria-labelledby')}`)!.textContent).to.equal(
      'Delete attempt 2? Its video and the 2 comments on it will be deleted. This cannot be undone.',
    );
    expect(buttons(el)).to.deep.equal(['Delete', 'Cancel']);
    await waitUntil(() => focused()?.textContent?.trim() === 'Cancel', 'the focus is on Cancel');
    await expect(el).to.be.accessible();
    expect(deletes).to.deep.equal([]);

    await sendKeys({ press: 'Shift+Tab' });
    expect(focused()?.textContent?.trim()).to.equal('Delete');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => options(el).length === 2, 'the attempt leaves the select');
    expect(deletes).to.deep.equal(['att-2']);
    expect(api.state.requests).to.include('DELETE /attempts/att-2');
    expect(options(el)).to.deep.equal(['Model video [selected]', 'Attempt 1']);
    // Back on the model: it plays, and the list holds the model's comments.
    await waitUntil(() => surface(el)?.src === media('sample.mp4'), 'the model plays again', { timeout: 8000 });
    expect(control(el), 'no control on the model').to.equal(null);
    expect(announced(el)).to.equal('Attempt 2 deleted.');
    await waitUntil(() => focused() === select(el), 'the focus moves to the select');
    const listed = [...el.list!.shadowRoot!.querySelectorAll('et-comment')].map((c) => (c as HTMLElement & { comment: CommentView }).comment.body);
    expect(listed).to.deep.equal(['On the model']);
    // The live channel's attempt:deleted for it, arriving after, changes nothing.
    live.live.options!.onAttemptDeleted!({ id: 'att-2', thread_id: THREAD, number: 2 });
    await el.updateComplete;
    expect(options(el)).to.deep.equal(['Model video [selected]', 'Attempt 1']);
    await expect(el).to.be.accessible();
  });

  it('is offered only to the owner, only on an attempt, and only while no instructor has commented on it', async () => {
    const given = attempt(1, { feedback_at: '2026-11-22T11:00:00.000Z' });
    const byTeacher = comment({ attempt_id: 'att-3', author: { id: TEACHER, name: 'Ms Ito', role: 'instructor' } });
    const { el, live } = await mount({ attempts: [given, attempt(2), attempt(3)], comments: [byTeacher] });
    await choose(el, 'att-2');
    await controlReady(el);
    expect(deleteButton(el)?.getAttribute('aria-label')).to.equal('Delete attempt 2');

    await choose(el, 'att-1');
    await control(el)!.updateComplete;
    expect(deleteButton(el), 'feedback_at set').to.equal(null);
    expect(control(el)!.shadowRoot!.textContent!.trim()).to.equal('');

    await choose(el, 'att-3');
    await control(el)!.updateComplete;
    expect(deleteButton(el), 'an instructor commented on it (its feedback_at not read again yet)').to.equal(null);

    // An instructor's comment arriving live on the attempt shown hides the control at once.
    await choose(el, 'att-2');
    await control(el)!.updateComplete;
    expect(deleteButton(el)).to.not.equal(null);
    live.live.options!.onEvent('comment:created', comment({ attempt_id: 'att-2', author: { id: TEACHER, name: 'Ms Ito', role: 'instructor' } }));
    await el.updateComplete;
    await control(el)!.updateComplete;
    expect(deleteButton(el), 'gone with the feedback').to.equal(null);

    const s = select(el)!;
    s.value = '';
    s.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(control(el), 'the model video has none').to.equal(null);
  });

  it('is not offered to the exercise’s instructor viewing the learner’s thread', async () => {
    const { el } = await mount({ as: 'author' });
    await choose(el, 'att-2');
    // The author's chunks (the switcher) load; no delete control is rendered.
    await waitUntil(() => root(el).querySelector('et-thread-switcher')?.shadowRoot, 'the author’s view shows');
    expect(control(el)).to.equal(null);
  });

  it('Cancel and Escape leave everything as it was, and give the focus back to "Delete attempt"', async () => {
    const { el, deletes } = await mount();
    await choose(el, 'att-1');
    await controlReady(el);
    deleteButton(el)!.click();
    await control(el)!.updateComplete;
    expect(buttons(el)).to.deep.equal(['Delete', 'Cancel']);
    expect(inControl(el, '[role="group"] p')!.textContent).to.equal('Delete attempt 1? Its video will be deleted. This cannot be undone.');
    (inControl(el, '#cancel') as HTMLButtonElement).click();
    await control(el)!.updateComplete;
    expect(buttons(el)).to.deep.equal(['Delete attempt']);
    await waitUntil(() => focused() === deleteButton(el), 'the focus is back on Delete attempt');

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused()?.textContent?.trim() === 'Cancel', 'asked again');
    await sendKeys({ press: 'Escape' });
    await control(el)!.updateComplete;
    expect(buttons(el)).to.deep.equal(['Delete attempt']);
    await waitUntil(() => focused() === deleteButton(el), 'the focus is back after Escape');

    expect(deletes).to.deep.equal([]);
    expect(options(el)).to.deep.equal(['Model video', 'Attempt 1 [selected]', 'Attempt 2']);
    expect(surface(el)!.src).to.contain('attempt=att-1');
  });

  it('says a refusal in words and keeps the list: feedback arrived meanwhile (409), after which the control is gone', async () => {
    const { el, deletes } = await mount({
      refuse: {
        status: 409,
        code: 'attempt-has-feedback',
        detail: 'An author has commented on this attempt: it is kept with their feedback.',
        after: attempt(2, { feedback_at: '2026-11-22T11:00:00.000Z' }),
      },
    });
    await deleteRefused(el, 'att-2');
    expect(deletes).to.deep.equal(['att-2']);
    expect(inControl(el, '[role="alert"]')!.textContent).to.equal(
      'Attempt 2 was not deleted: an instructor has commented on it meanwhile, so it is kept with their feedback.',
    );
    expect(options(el), 'the list is as it was').to.deep.equal(['Model video', 'Attempt 1', 'Attempt 2 [selected]']);
    expect(surface(el)!.src).to.contain('attempt=att-2');
    // The attempt read again carries its feedback: no control, the alert stays and has the focus.
    await waitUntil(() => !deleteButton(el) && !inControl(el, '[role="group"]'), 'the control is gone');
    await waitUntil(() => focused() === inControl(el, '[role="alert"]'), 'the alert takes the focus');
    await expect(el).to.be.accessible();
  });

  it('says a 403 in words and keeps the control; a refusal goes when another attempt is chosen', async () => {
    const { el, deletes } = await mount({ refuse: { status: 403, code: 'forbidden', detail: 'Only the thread’s owner deletes an attempt.' } });
    await deleteRefused(el, 'att-1');
    expect(deletes).to.deep.equal(['att-1']);
    expect(inControl(el, '[role="alert"]')!.textContent).to.equal('Attempt 1 was not deleted: only the owner of this thread can delete it.');
    expect(options(el)).to.deep.equal(['Model video', 'Attempt 1 [selected]', 'Attempt 2']);
    await waitUntil(() => focused() === deleteButton(el), 'the focus is back on Delete attempt');
    await choose(el, 'att-2');
    await control(el)!.updateComplete;
    expect(inControl(el, '[role="alert"]')).to.equal(null);
  });

  it('learns of a deletion in another tab through attempt:deleted: the model plays again', async () => {
    const { el, live } = await mount();
    await choose(el, 'att-2');
    live.live.options!.onAttemptDeleted!({ id: 'att-2', thread_id: THREAD, number: 2 });
    await waitUntil(() => surface(el)?.src === media('sample.mp4'), 'the model plays again', { timeout: 8000 });
    expect(options(el)).to.deep.equal(['Model video [selected]', 'Attempt 1']);
  });

  it('speaks French with lang="fr"', async () => {
    const { el } = await mount({ lang: 'fr', comments: [comment({ attempt_id: 'att-2' })] });
    await choose(el, 'att-2');
    await controlReady(el);
    expect(deleteButton(el)!.textContent!.trim()).to.equal('Supprimer l’essai');
    expect(deleteButton(el)!.getAttribute('aria-label')).to.equal('Supprimer l’essai 2');
    deleteButton(el)!.click();
    await control(el)!.updateComplete;
    expect(inControl(el, '[role="group"] p')!.textContent).to.equal(
      'Supprimer l’essai 2 ? Sa vidéo et le commentaire qui s’y rapporte seront supprimés. C’est définitif.',
    );
    expect(buttons(el)).to.deep.equal(['Supprimer', 'Annuler']);
  });
});
