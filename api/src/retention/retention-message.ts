import escapeHtml from 'escape-html';
import type { OutgoingMail } from '../notifications/mailer.ts';
import { mailLanguage } from '../notifications/messages.ts';

export interface RetentionWarning {
  noticeId: string;
  to: string;
  recipientName: string;
  locale: string | null;
  exerciseTitle: string;
  /** ISO 8601: not deleted before then. */
  deleteAfter: string;
}

const text = {
  en: {
    subject: (title: string) => `“${title}”: its threads will be deleted`,
    body: (name: string, title: string, date: string) =>
      [`Hello ${name},`, '', `The exercise “${title}” is archived. By your institution’s retention policy, its threads, comments and media will be deleted on or after ${date}.`, '', 'Export what you want to keep before then (Download, in the thread).'],
  },
  fr: {
    subject: (title: string) => `« ${title} » : ses fils seront supprimés`,
    body: (name: string, title: string, date: string) =>
      [`Bonjour ${name},`, '', `L’exercice « ${title} » est archivé. Selon la politique de conservation de votre établissement, ses fils, commentaires et médias seront supprimés à partir du ${date}.`, '', 'Exportez ce que vous voulez garder d’ici là (Télécharger, dans le fil).'],
  },
};

/** The warning an author gets before retention deletes an archived exercise's threads. */
export function retentionWarningMail(w: RetentionWarning, host: string): OutgoingMail {
  const language = mailLanguage(w.locale);
  const t = text[language];
  const date = new Date(w.deleteAfter).toLocaleDateString(language, { dateStyle: 'long', timeZone: 'UTC' });
  const lines = t.body(w.recipientName, w.exerciseTitle, date);
  return {
    to: w.to,
    subject: t.subject(w.exerciseTitle),
    text: lines.join('\n'),
    html: `<!doctype html><html lang="${language}"><meta charset="utf-8"><body>${lines.filter(Boolean).map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}</body></html>`,
    // The notice's id: a resend after a lost answer is the same message to the receiving server.
    messageId: `<retention-${w.noticeId}@${host}>`,
    headers: {},
    language,
  };
}
