// Every user-facing string. English is built in; another language is a module of its own with the
// same keys (strings-fr.ts), fetched the first time an element asks for it (as Shoelace registers
// its translations), so the entry carries one table.

const en = {
  elementLabel: 'Exercise thread',
  loading: 'Loading…',
  loadFailed: 'The thread could not be loaded.',
  retry: 'Retry',
  video: 'Exercise video',
  timeline: 'Timeline',
  timelineValue: '{time} of {duration}',
  commentMarker: 'Comment at {time} by {author}',
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
  download: 'Download',
  downloading: 'Downloading…',
  downloadVtt: 'WebVTT captions (.vtt)',
  downloadJsonld: 'Web Annotation, JSON-LD (.jsonld)',
  downloadCsv: 'Spreadsheet, CSV (.csv)',
  downloadFailed: 'The download failed: {reason}',
  lastActivity: 'last activity {when}',
  noThreads: 'No student has opened this exercise yet.',
  pauseOnType: 'Pause the video while I type',
  shortcuts: 'Keyboard shortcuts',
  shortcutPlay: 'Play or pause',
  shortcutStep: 'Step back or forward 1 second',
  shortcutStepLong: 'Step back or forward 5 seconds',
  shortcutIn: 'Set the in point',
  shortcutOut: 'Set the out point',
  shortcutSend: 'Send the comment',
  shortcutHelp: 'Show or hide this list',
  shortcutLoop: 'Loop the in/out range, or the range playing, on or off',
  shortcutSpeed: 'Slower or faster',
  shortcutFrame: 'Previous or next frame',
  shortcutMirror: 'Mirror the video on or off',
  practiceControls: 'Practice',
  play: 'Play',
  pause: 'Pause',
  loop: 'Loop',
  loopThisRange: 'Loop this range',
  playMoment: 'Play around {time}',
  speed: 'Speed',
  previousFrame: 'Previous frame',
  nextFrame: 'Next frame',
  frameApproximate: 'Frame steps are approximate (1/30 s).',
  mirror: 'Mirror',
  momentWindow: 'Around a moment',
  secondsBefore: 'Seconds before',
  secondsAfter: 'Seconds after',
  loopOn: 'Looping {start} to {end}.',
  loopOff: 'Loop off.',
  loopNothing: 'Set in and out points, or play a range, to loop it.',
  speedNow: 'Speed {rate}.',
  mirrorOn: 'Video mirrored.',
  mirrorOff: 'Video not mirrored.',
  frameNow: 'Frame at {time}.',
  close: 'Close',
  readOnly: 'This exercise is archived: the thread is read-only.',
  you: 'you',
  instructor: 'instructor',
  /** Shown in place of the name of an erased user, whose comments may stay as tombstones. */
  erasedAuthor: 'erased user',
  exercises: 'Exercises',
  myExercises: 'Your exercises',
  chooseExercise: 'Choose an exercise',
  noExercises: 'No exercises yet.',
  allExercises: 'All exercises',
  newExercise: 'New exercise',
  title: 'Title',
  description: 'Description',
  source: 'Video source',
  sourceYoutube: 'YouTube URL',
  sourceUrl: 'Video URL',
  sourceUpload: 'Upload a file',
  create: 'Create exercise',
  creating: 'Creating…',
  createFailed: 'The exercise could not be created: {reason}',
  videoFile: 'Video file',
  uploadLabel: 'Upload of {name}',
  uploading: 'Uploading {name}: {percent}%',
  uploaded: '{name} uploaded.',
  uploadPaused: 'Upload stopped: {reason}',
  resumeUpload: 'Resume upload',
  processing: 'The video is being processed. It will play here as soon as it is ready.',
  processingFailed: 'The video could not be processed: {reason}',
  processingBadge: 'processing',
  emailSettings: 'Email notifications',
  replyEmails: 'Email me when someone answers in my thread',
  replyEmailsHint: 'Sent a couple of minutes after a reply, and not if you have already read it here.',
  digest: 'Summary of threads awaiting my reply',
  digestDaily: 'Daily',
  digestWeekly: 'Weekly',
  digestOff: 'Off',
  preferencesSaving: 'Saving…',
  preferencesSaved: 'Saved.',
  preferencesFailed: 'Not saved: {reason}',
  tryAgain: 'Try again',
  playbackNotFound: 'This video could not be found.',
  playbackForbidden: 'You may not watch this video, or its link expired.',
  playbackNetwork: 'The video could not be loaded. Check the connection.',
  playbackDecode: 'This video could not be decoded.',
  playbackUnsupported: 'This browser cannot play this video.',
  draw: 'Draw',
  drawingTools: 'Drawing tools',
  drawingArea: 'Drawing on the paused frame: drag to draw the chosen shape, or move with the arrow keys and press Enter to start and to end it',
  arrow: 'Arrow',
  line: 'Line',
  rectangle: 'Rectangle',
  ellipse: 'Ellipse',
  freehand: 'Freehand',
  colour: 'Colour',
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  white: 'White',
  undo: 'Undo',
  saveDrawing: 'Save drawing',
  cancelDrawing: 'Cancel drawing',
  drawingAttached: 'Drawing attached',
  removeDrawing: 'Remove drawing',
  sideBySide: 'Side by side',
  withDrawing: 'with a drawing',
  attempt: 'Attempt',
  modelVideo: 'Model video',
  attemptN: 'Attempt {n}',
  attemptUploading: 'Attempt {n} is still uploading.',
  attemptProcessing: 'Attempt {n} is processing.',
  attemptFailed: 'Attempt {n} could not be processed.',
  attemptDeleted: 'Attempt {n} deleted.',
  awaitingFeedback: 'awaiting feedback',
  backToInbox: 'Back to inbox',
  filterByMarker: 'Filter by marker',
  allMarkers: 'All comments',
};

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;

/** Strings that depend on a count, by `Intl.PluralRules` category (`other` is the fallback). */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
const enPlurals = {
  commentCount: { one: '{count} comment', other: '{count} comments' },
  unread: { one: '{count} unread', other: '{count} unread' },
  markerGroup: { one: '{count} comment from {time}', other: '{count} comments from {time}' },
} satisfies Record<string, Plural>;
export type PluralKey = keyof typeof enPlurals;
export type Plurals = Record<PluralKey, Plural>;

/** A language's tables, as its module exports them. */
export interface Language {
  strings: Strings;
  plurals: Plurals;
}

const languages = new Map<string, Language>([['en', { strings: en, plurals: enPlurals }]]);
const loaders: Record<string, () => Promise<{ default: Language }>> = {
  fr: () => import('./strings-fr.ts'),
};

/** The languages with a complete table. */
export const LANGUAGES = ['en', ...Object.keys(loaders)];

const baseOf = (lang: string | null | undefined) => (lang ?? '').toLowerCase().split('-')[0] ?? '';

/** Whether the language's table is here (English, an unknown language, or one already fetched). */
export function languageReady(lang: string | null | undefined): boolean {
  const base = baseOf(lang);
  return languages.has(base) || !(base in loaders);
}

const loading = new Map<string, Promise<void>>();
/** Fetches the language's table once per page. */
export function loadLanguage(lang: string | null | undefined): Promise<void> {
  const base = baseOf(lang);
  const load = loaders[base];
  if (languageReady(base) || !load) return Promise.resolve();
  let p = loading.get(base);
  if (!p) {
    p = load().then((m) => void languages.set(base, m.default));
    loading.set(base, p);
  }
  return p;
}

const languageOf = (lang: string | null | undefined) => languages.get(baseOf(lang)) ?? languages.get('en')!;

/** "1 comment", "2 comments", "0 commentaire": the form the language's plural rules pick for `count`. */
export function plural(lang: string | null | undefined, key: PluralKey, count: number, vars: Record<string, string | number> = {}): string {
  const forms = languageOf(lang).plurals[key];
  const category = new Intl.PluralRules(languages.has(baseOf(lang)) ? baseOf(lang) : 'en').select(count);
  return format(forms[category] ?? forms.other, { ...vars, count });
}

/** The table for a BCP 47 tag ("fr-CA" → fr) once fetched, English otherwise. */
export function stringsFor(lang: string | null | undefined): Strings {
  return languageOf(lang).strings;
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
