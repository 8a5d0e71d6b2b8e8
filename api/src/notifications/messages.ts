import escapeHtml from 'escape-html';
import { formatSpan } from '../../../widget/src/lib/timecode.ts';

/** The languages emails are written in: the element's own (widget/src/lib/strings.ts). */
export const MAIL_LANGUAGES = ['en', 'fr'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** A BCP 47 tag (`fr-CA`, `en`), or nothing, to one of our languages; English by default. */
export function mailLanguage(locale: string | null | undefined): MailLanguage {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return MAIL_LANGUAGES.find((l) => l === primary) ?? 'en';
}

export interface ReplyItem {
  authorName: string;
  tStartMs: number;
  tEndMs: number;
  body: string;
}

export interface ReplyMessageInput {
  language: MailLanguage;
  recipientName: string;
  exerciseTitle: string;
  replies: ReplyItem[];
  link: string | undefined;
  unsubscribeUrl: string;
}

export interface DigestItem {
  ownerName: string;
  exerciseTitle: string;
  lastActivityAt: Date;
  link: string | undefined;
}

export interface DigestMessageInput {
  language: MailLanguage;
  recipientName: string;
  period: 'daily' | 'weekly';
  threads: DigestItem[];
  /** All awaiting threads, of which `threads` are the first. */
  total: number;
  unsubscribeUrl: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const text = {
  en: {
    greeting: (name: string) => `Hello ${name},`,
    replySubject: (author: string, title: string, count: number) =>
      count === 1 ? `${author} answered in “${title}”` : `${count} new replies in “${title}”`,
    replyIntro: (title: string) => `There is news in your thread on “${title}”:`,
    at: (span: string) => `at ${span}`,
    open: 'Open the thread',
    noLink: 'Open the exercise where you usually do to read and answer.',
    replyWhy: 'You get this email because someone answered in your exercise thread.',
    replyStop: 'Stop emails about replies',
    digestSubject: (count: number) => (count === 1 ? '1 thread awaits your reply' : `${count} threads await your reply`),
    digestIntro: (period: 'daily' | 'weekly') => `Your ${period === 'daily' ? 'daily' : 'weekly'} summary of the threads where a learner wrote last:`,
    lastActivity: (when: string) => `last activity ${when}`,
    more: (n: number) => `…and ${n} more.`,
    digestWhy: 'You get this summary because you author exercises.',
    digestStop: 'Stop these summaries',
  },
  fr: {
    greeting: (name: string) => `Bonjour ${name},`,
    replySubject: (author: string, title: string, count: number) =>
      count === 1 ? `${author} a répondu dans « ${title} »` : `${count} nouvelles réponses dans « ${title} »`,
    replyIntro: (title: string) => `Du nouveau dans votre fil sur « ${title} » :`,
    at: (span: string) => `à ${span}`,
    open: 'Ouvrir le fil',
    noLink: 'Ouvrez l’exercice là où vous le faites d’habitude pour lire et répondre.',
    replyWhy: 'Vous recevez ce message parce que quelqu’un a répondu dans votre fil d’exercice.',
    replyStop: 'Ne plus recevoir de messages sur les réponses',
    digestSubject: (count: number) => (count === 1 ? '1 fil attend votre réponse' : `${count} fils attendent votre réponse`),
    digestIntro: (period: 'daily' | 'weekly') => `Votre résumé ${period === 'daily' ? 'quotidien' : 'hebdomadaire'} des fils où un apprenant a écrit en dernier :`,
    lastActivity: (when: string) => `dernière activité ${when}`,
    more: (n: number) => `…et ${n} de plus.`,
    digestWhy: 'Vous recevez ce résumé parce que vous êtes auteur d’exercices.',
    digestStop: 'Ne plus recevoir ces résumés',
  },
} satisfies Record<MailLanguage, unknown>;

const span = (r: ReplyItem) => formatSpan(r.tStartMs / 1000, r.tEndMs / 1000);
const quote = (body: string) => body.split('\n').map((line) => `> ${line}`).join('\n');

function layout(lang: MailLanguage, body: string, footer: { why: string; stop: string; url: string }): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em">
${body}
<hr style="border:none;border-top:1px solid #ccc;margin:2em 0 1em">
<p style="font-size:0.875em;color:#555">${e(footer.why)} <a href="${e(footer.url)}">${e(footer.stop)}</a></p>
</body></html>`;
}

/** Comment bodies and names are what people typed: escaped in HTML, quoted in text. */
export function renderReply(m: ReplyMessageInput): RenderedMessage {
  const t = text[m.language];
  const e = escapeHtml;
  const subject = t.replySubject(m.replies[0]!.authorName, m.exerciseTitle, m.replies.length);
  const lines = [t.greeting(m.recipientName), '', t.replyIntro(m.exerciseTitle), ''];
  for (const r of m.replies) lines.push(`${r.authorName}, ${t.at(span(r))}:`, quote(r.body), '');
  lines.push(m.link ? `${t.open}: ${m.link}` : t.noLink, '', '--', `${t.replyWhy} ${t.replyStop}: ${m.unsubscribeUrl}`);
  const items = m.replies
    .map((r) => `<p><strong>${e(r.authorName)}</strong>, ${e(t.at(span(r)))}:</p>\n<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc;white-space:pre-wrap">${e(r.body)}</blockquote>`)
    .join('\n');
  const action = m.link ? `<p><a href="${e(m.link)}">${e(t.open)}</a></p>` : `<p>${e(t.noLink)}</p>`;
  const html = layout(m.language, `<p>${e(t.greeting(m.recipientName))}</p>\n<p>${e(t.replyIntro(m.exerciseTitle))}</p>\n${items}\n${action}`, {
    why: t.replyWhy,
    stop: t.replyStop,
    url: m.unsubscribeUrl,
  });
  return { subject, text: lines.join('\n'), html };
}

export function renderDigest(m: DigestMessageInput): RenderedMessage {
  const t = text[m.language];
  const e = escapeHtml;
  const date = new Intl.DateTimeFormat(m.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const label = (d: DigestItem) => `${d.ownerName} — ${d.exerciseTitle}`;
  const lines = [t.greeting(m.recipientName), '', t.digestIntro(m.period), ''];
  for (const d of m.threads) {
    lines.push(`- ${label(d)} (${t.lastActivity(`${date.format(d.lastActivityAt)} UTC`)})`);
    if (d.link) lines.push(`  ${d.link}`);
  }
  const more = m.total - m.threads.length;
  if (more > 0) lines.push(t.more(more));
  lines.push('', '--', `${t.digestWhy} ${t.digestStop}: ${m.unsubscribeUrl}`);
  const items = m.threads
    .map((d) => {
      const name = d.link ? `<a href="${e(d.link)}">${e(label(d))}</a>` : e(label(d));
      return `<li>${name} <span style="color:#555">(${e(t.lastActivity(`${date.format(d.lastActivityAt)} UTC`))})</span></li>`;
    })
    .join('\n');
  const body = `<p>${e(t.greeting(m.recipientName))}</p>\n<p>${e(t.digestIntro(m.period))}</p>\n<ul>\n${items}\n</ul>${more > 0 ? `\n<p>${e(t.more(more))}</p>` : ''}`;
  return { subject: t.digestSubject(m.total), text: lines.join('\n'), html: layout(m.language, body, { why: t.digestWhy, stop: t.digestStop, url: m.unsubscribeUrl }) };
}
