import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import type { NotificationsService } from '../../api/src/notifications/notifications.service.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { jobsSettled } from '../helpers/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp.ts';
import { makeWorld, type Actor, type World } from '../helpers/world.ts';

// Email against a real SMTP server on loopback, sent from the real job queue (pg-boss), driven
// through the API: comments posted over HTTP, addresses from POST /tokens, links from PATCH /tenant.

let ctx: TestContext;
let w: World;
let smtp: SmtpSink;
let notifications: NotificationsService;
const LINK_TEMPLATE = 'https://partner.example/exercises/{exercise_id}/threads/{thread_id}';

const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '');

/** Re-minting a token (as the partner does at each sign-in) updates the user's address and language. */
async function setEmail(externalId: string, role: string, name: string, email: string, locale?: string) {
  const res = await ctx.http().post('/api/v1/tokens').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ user: { external_id: externalId, name, role, email, ...(locale && { locale }) } });
  assert.equal(res.status, 201, res.text);
}

/** Until what was posted has been handed to the queue and every email job has finished. */
async function settled(): Promise<void> {
  await ctx.c.live.settled();
  await jobsSettled(ctx.db.knex, 'notify-%');
}

async function reply(body: string, by: Actor = w.actors.author) {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(by)).send({ thread_id: w.threadId, parent_id: w.commentId, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; seq: number };
}

before(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext(
    { SMTP_URL: smtp.url, MAIL_FROM: 'Exercise Threads <threads@example.edu>', NOTIFY_REPLY_DELAY_SECONDS: '1' },
    { outbound: { queue: { pollingIntervalSeconds: 0.5, onError: () => {} }, notifications: { retryDelaySeconds: 1 } } },
  );
  w = await makeWorld(ctx);
  notifications = ctx.c.notifications;
  await ctx.c.outbound.start();
  await setEmail('owner', 'learner', 'Olivia Owner', 'olivia@learners.example');
  await setEmail('author', 'instructor', 'Ada Author', 'ada@faculty.example');
  const link = await ctx.http().patch('/api/v1/tenant').auth(w.tenantA.apiKey, { type: 'bearer' }).send({ thread_link_template: LINK_TEMPLATE });
  assert.equal(link.status, 200, link.text);
});

after(async () => {
  await ctx?.c.outbound.stop();
  await smtp?.close();
  await ctx?.close();
});

beforeEach(async () => {
  await settled();
  smtp.messages.length = 0;
});

test('a reply reaches the learner once, after the delay, with a deep link and one-click unsubscribe headers', async () => {
  const started = Date.now();
  const r = await reply('Lift the heel at 0:04, then turn.');
  const [mail] = await smtp.waitFor(1);
  assert.ok(Date.now() - started >= 1000, 'sent only after NOTIFY_REPLY_DELAY_SECONDS');
  assert.equal(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value[0]!.address : undefined, 'olivia@learners.example');
  assert.equal(mail!.from?.value[0]!.address, 'threads@example.edu');
  assert.equal(mail!.subject, 'Ada Author answered in “Box step”');
  const link = `https://partner.example/exercises/${w.exerciseId}/threads/${w.threadId}`;
  assert.match(mail!.text!, /Lift the heel at 0:04, then turn\./);
  assert.ok(mail!.text!.includes(link), mail!.text);
  assert.ok(typeof mail!.html === 'string' && mail!.html.includes(`href="${link}"`));
  const unsubscribe = header(mail!, 'List-Unsubscribe');
  assert.match(unsubscribe ?? '', /^<http:\/\/localhost:8080\/api\/v1\/notifications\/unsubscribe\?token=[\w.-]+>$/);
  assert.equal(header(mail!, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  // Running the same job again (a retry after a crash) sends nothing more.
  await settled();
  const [row] = await ctx.db.knex('email_deliveries').whereRaw('? = ANY(comment_ids)', [r.id]);
  assert.equal(row.status, 'sent');
  await notifications.sendReplies({ comment_id: r.id });
  await settled();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(smtp.messages.length, 1);
});

test('replies written close together arrive as one message', async () => {
  await reply('First: the frame.');
  await reply('Second: the count.');
  await settled();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(smtp.messages.length, 1);
  const [mail] = smtp.messages;
  assert.equal(mail!.subject, '2 new replies in “Box step”');
  assert.ok(mail!.text!.indexOf('First: the frame.') < mail!.text!.indexOf('Second: the count.'));
});

test('no email when the learner read the reply within the delay', async () => {
  const r = await reply('Seen live, no email needed.');
  const read = await ctx.http().post(`/api/v1/threads/${w.threadId}/read`).set(w.as(w.actors.owner)).send({ seq: r.seq });
  assert.equal(read.status, 200, JSON.stringify(read.body));
  await settled();
  assert.equal(smtp.messages.length, 0);
  // The job did run: it found nothing unread, so no message was claimed.
  const claimed = await ctx.db.knex('email_deliveries').whereRaw('? = ANY(comment_ids)', [r.id]);
  assert.equal(claimed.length, 0);
});

test('a refused SMTP delivery is retried and the learner gets it exactly once', async () => {
  const attemptsBefore = smtp.attempts;
  smtp.refuseNext(1);
  const r = await reply('Third time lucky.');
  await smtp.waitFor(1);
  await settled();
  assert.equal(smtp.attempts - attemptsBefore, 2, 'one refusal, one acceptance');
  const [row] = await ctx.db.knex('email_deliveries').whereRaw('? = ANY(comment_ids)', [r.id]);
  assert.equal(row.status, 'sent');
  assert.equal(row.attempts, 2);
  await notifications.sendReplies({ comment_id: r.id });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(smtp.messages.length, 1);
});

test('the learner’s language: a French locale gets the message in French', async () => {
  await setEmail('owner', 'learner', 'Olivia Owner', 'olivia@learners.example', 'fr-CA');
  try {
    await reply('<b>Bien</b> & continue');
    const [mail] = await smtp.waitFor(1);
    assert.equal(mail!.subject, 'Ada Author a répondu dans « Box step »');
    assert.equal(header(mail!, 'Content-Language'), 'fr');
    assert.ok(mail!.text!.includes('<b>Bien</b> & continue'), 'text keeps what was typed');
    assert.ok(typeof mail!.html === 'string' && mail!.html.includes('&lt;b&gt;Bien&lt;/b&gt; &amp; continue'), 'HTML escapes it');
    assert.match(mail!.html, /<html lang="fr">/);
  } finally {
    await setEmail('owner', 'learner', 'Olivia Owner', 'olivia@learners.example', 'en');
  }
});

test('the one-click unsubscribe link turns reply emails off', async () => {
  await reply('One more.');
  const [mail] = await smtp.waitFor(1);
  const url = new URL(header(mail!, 'List-Unsubscribe')!.slice(1, -1));
  const path = `${url.pathname}${url.search}`;
  // A browser opening the link gets a page that asks; nothing changes yet.
  const page = await ctx.http().get(path);
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post"/);
  assert.equal((await ctx.http().get('/api/v1/me/notifications').set(w.as(w.actors.owner))).body.reply_emails, true);
  // What a mail client's one-click button sends (RFC 8058).
  const clicked = await ctx.http().post(path).type('form').send('List-Unsubscribe=One-Click');
  assert.equal(clicked.status, 200, clicked.text);
  const prefs = await ctx.http().get('/api/v1/me/notifications').set(w.as(w.actors.owner));
  assert.deepEqual(prefs.body, { reply_emails: false, digest: 'daily' });
  smtp.messages.length = 0;
  await reply('Nobody will be emailed about this one.');
  await settled();
  assert.equal(smtp.messages.length, 0);
  // A forged or altered token changes nothing.
  const forged = await ctx.http().post(`${url.pathname}?token=${url.searchParams.get('token')!}x`).type('form').send('List-Unsubscribe=One-Click');
  assert.equal(forged.status, 404);
  // Turned back on through the API.
  const on = await ctx.http().patch('/api/v1/me/notifications').set(w.as(w.actors.owner)).send({ reply_emails: true });
  assert.deepEqual(on.body, { reply_emails: true, digest: 'daily' });
});

test('the digest lists exactly the threads awaiting the instructor’s reply, once per day', async () => {
  // Two learners wrote last (awaiting); the world's owner was answered last (not awaiting).
  const lena = await w.mint(w.tenantA.apiKey, 'lena', 'learner', 'Lena Learner');
  const other = w.actors.otherLearner;
  for (const learner of [lena, other]) {
    const t = await ctx.http().post('/api/v1/threads').set(w.as(learner)).send({ exercise_video_id: w.exerciseId });
    const c = await ctx.http().post('/api/v1/comments').set(w.as(learner)).send({ thread_id: t.body.id, t_start: 2, body: 'Is this right?' });
    assert.equal(c.status, 201);
  }
  await reply('Answered: not awaiting.');
  await settled();
  smtp.messages.length = 0;
  // Another tenant's instructor, with an awaiting thread of their own: never listed to Ada.
  const minted = await ctx.http().post('/api/v1/tokens').auth(w.tenantB.apiKey, { type: 'bearer' }).send({ user: { external_id: 'author', name: 'author', role: 'instructor', email: 'b-teacher@other.example' } });
  assert.equal(minted.status, 201);
  const ex = await ctx.http().post('/api/v1/exercises').set(w.as(w.actors.foreignInstructor)).send({ title: 'Waltz', source: { type: 'url', url: 'https://media.example/w.mp4' }, duration: 30 });
  const t = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.foreign)).send({ exercise_video_id: ex.body.id });
  await ctx.http().post('/api/v1/comments').set(w.as(w.actors.foreign)).send({ thread_id: t.body.id, t_start: 1, body: 'Tenant B question' });

  const tuesday = new Date('2026-12-01T07:00:00Z');
  assert.equal(await notifications.queueDigests(tuesday), 2);
  await settled();
  assert.equal(smtp.messages.length, 2);
  const toAda = smtp.messages.find((m) => !Array.isArray(m.to) && m.to?.value[0]!.address === 'ada@faculty.example')!;
  assert.equal(toAda.subject, '2 threads await your reply');
  const listed = toAda.text!.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2).split(' — ')[0]).sort();
  assert.deepEqual(listed, ['Lena Learner', 'other-learner']);
  assert.ok(!toAda.text!.includes('Tenant B'));
  assert.equal(header(toAda, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  const toB = smtp.messages.find((m) => m !== toAda)!;
  assert.equal(toB.subject, '1 thread awaits your reply');

  // The same day's run again (a retried schedule) sends nothing new.
  await notifications.queueDigests(tuesday);
  await settled();
  assert.equal(smtp.messages.length, 2);

  // Weekly digests go out on Mondays only; "off" gets none.
  for (const [actor, digest] of [[w.actors.author, 'weekly'], [w.actors.foreignInstructor, 'off']] as const) {
    const res = await ctx.http().patch('/api/v1/me/notifications').set(w.as(actor)).send({ digest });
    assert.equal(res.status, 200, res.text);
  }
  smtp.messages.length = 0;
  assert.equal(await notifications.queueDigests(new Date('2026-12-02T07:00:00Z')), 0);
  assert.equal(await notifications.queueDigests(new Date('2026-12-07T07:00:00Z')), 1);
  const [weekly] = await smtp.waitFor(1);
  assert.match(weekly!.text!, /weekly summary/);
});
