// Every user-facing string, in one place. Add a language by adding a table with the same keys.

const en = {
  elementLabel: 'Exercise thread',
  loading: 'Loading…',
  loadFailed: 'The thread could not be loaded.',
  retry: 'Retry',
  video: 'Exercise video',
  timeline: 'Timeline',
  timelineValue: '{time} of {duration}',
  commentMarker: 'Comment at {time} by {author}',
  markerGroup: '{count} comments from {time}',
  comments: 'Comments',
  noComments: 'No comments yet. Mark a moment and write what you noticed.',
  seekTo: 'Go to {time}',
  commentAt: 'Comment at {time}',
  commentRange: 'Comment from {start} to {end}',
  replyingTo: 'Replying to {author}',
  cancelReply: 'Cancel reply',
  markIn: 'Set in point',
  markOut: 'Set out point',
  clearRange: 'Clear range',
  send: 'Send',
  sendHint: 'Ctrl+Enter sends',
  yourComment: 'Your comment',
  reply: 'Reply',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  confirmDelete: 'Delete this comment?',
  report: 'Report',
  reportReason: 'Why are you reporting this comment?',
  sendReport: 'Send report',
  reported: 'Reported. A moderator will look at it.',
  deleted: 'This comment was deleted.',
  hidden: 'This comment was hidden by a moderator.',
  edited: 'edited',
  pending: 'Sending…',
  failed: 'Not sent: {reason}',
  offline: 'Not sent yet: waiting for the connection.',
  newComment: 'New comment from {author} at {time}',
  commentSent: 'Comment sent.',
  repliesLabel: 'Replies to {author}',
  threads: 'Student threads',
  awaitingReply: 'awaiting reply',
  unread: '{count} unread',
  commentCount: '{count} comments',
  lastActivity: 'last activity {when}',
  noThreads: 'No student has opened this exercise yet.',
  pauseOnType: 'Pause the video while I type',
  shortcuts: 'Keyboard shortcuts',
  shortcutPlay: 'Play or pause',
  shortcutStep: 'Step back or forward 5 seconds',
  shortcutIn: 'Set the in point',
  shortcutOut: 'Set the out point',
  shortcutSend: 'Send the comment',
  shortcutHelp: 'Show or hide this list',
  close: 'Close',
  readOnly: 'This exercise is archived: the thread is read-only.',
  you: 'you',
  instructor: 'instructor',
};

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;

const fr: Strings = {
  elementLabel: "Fil d'exercice",
  loading: 'Chargement…',
  loadFailed: "Le fil n'a pas pu être chargé.",
  retry: 'Réessayer',
  video: "Vidéo de l'exercice",
  timeline: 'Ligne de temps',
  timelineValue: '{time} sur {duration}',
  commentMarker: 'Commentaire à {time} par {author}',
  markerGroup: '{count} commentaires à partir de {time}',
  comments: 'Commentaires',
  noComments: 'Aucun commentaire. Marquez un moment et écrivez ce que vous avez remarqué.',
  seekTo: 'Aller à {time}',
  commentAt: 'Commentaire à {time}',
  commentRange: 'Commentaire de {start} à {end}',
  replyingTo: 'Réponse à {author}',
  cancelReply: 'Annuler la réponse',
  markIn: "Point d'entrée",
  markOut: 'Point de sortie',
  clearRange: "Effacer l'intervalle",
  send: 'Envoyer',
  sendHint: 'Ctrl+Entrée pour envoyer',
  yourComment: 'Votre commentaire',
  reply: 'Répondre',
  edit: 'Modifier',
  save: 'Enregistrer',
  cancel: 'Annuler',
  delete: 'Supprimer',
  confirmDelete: 'Supprimer ce commentaire ?',
  report: 'Signaler',
  reportReason: 'Pourquoi signalez-vous ce commentaire ?',
  sendReport: 'Envoyer le signalement',
  reported: 'Signalé. Un modérateur va l’examiner.',
  deleted: 'Ce commentaire a été supprimé.',
  hidden: 'Ce commentaire a été masqué par un modérateur.',
  edited: 'modifié',
  pending: 'Envoi…',
  failed: 'Non envoyé : {reason}',
  offline: 'Pas encore envoyé : en attente de la connexion.',
  newComment: 'Nouveau commentaire de {author} à {time}',
  commentSent: 'Commentaire envoyé.',
  repliesLabel: 'Réponses à {author}',
  threads: 'Fils des étudiants',
  awaitingReply: 'en attente de réponse',
  unread: '{count} non lus',
  commentCount: '{count} commentaires',
  lastActivity: 'dernière activité {when}',
  noThreads: "Aucun étudiant n'a encore ouvert cet exercice.",
  pauseOnType: 'Mettre la vidéo en pause pendant la saisie',
  shortcuts: 'Raccourcis clavier',
  shortcutPlay: 'Lecture ou pause',
  shortcutStep: 'Reculer ou avancer de 5 secondes',
  shortcutIn: "Placer le point d'entrée",
  shortcutOut: 'Placer le point de sortie',
  shortcutSend: 'Envoyer le commentaire',
  shortcutHelp: 'Afficher ou masquer cette liste',
  close: 'Fermer',
  readOnly: 'Cet exercice est archivé : le fil est en lecture seule.',
  you: 'vous',
  instructor: 'enseignant',
};

const tables: Record<string, Strings> = { en, fr };

/** The languages with a complete table. */
export const LANGUAGES = Object.keys(tables);

/** Picks the table for a BCP 47 tag ("fr-CA" → fr), English otherwise. */
export function stringsFor(lang: string | null | undefined): Strings {
  const base = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  return tables[base] ?? en;
}

/** Fills `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Relative time ("3 minutes ago") in the element's language. */
export function relativeTime(iso: string, lang: string, now = Date.now()): string {
  const diff = (Date.parse(iso) - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lang || 'en', { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86_400), 'day');
}
