// Side by side speaks through this table: it travels in its lazy chunk. Same keys in every language.

const en = {
  region: 'Model and attempt side by side',
  model: 'Model video',
  attempt: 'Attempt {number}',
  attemptProcessing: 'Attempt {number} (processing)',
  attemptFailed: 'Attempt {number} (failed)',
  besideModel: 'Beside the model',
  setSyncPoint: 'Set sync point',
  mirrorModel: 'Mirror model',
  mirrorAttempt: 'Mirror attempt',
  previousFrameOf: 'Previous frame of {side}',
  nextFrameOf: 'Next frame of {side}',
  offset: 'Sync offset: {offset} s',
  syncHint: 'To set the sync point, pause each side at the matching moment (its own frame buttons move it alone), then press Set sync point.',
  syncSaved: 'Sync point saved: the attempt is {offset} s from the model.',
  commentsOn: 'New comments go to',
  commentingHere: 'Comments go here',
  loadingAttempt: 'Loading the attempt…',
};
export type SideBySideStrings = typeof en;

const fr: SideBySideStrings = {
  region: 'Modèle et essai côte à côte',
  model: 'Vidéo modèle',
  attempt: 'Essai {number}',
  attemptProcessing: 'Essai {number} (en traitement)',
  attemptFailed: 'Essai {number} (échec)',
  besideModel: 'À côté du modèle',
  setSyncPoint: 'Définir le point de synchronisation',
  mirrorModel: 'Miroir du modèle',
  mirrorAttempt: 'Miroir de l’essai',
  previousFrameOf: 'Image précédente : {side}',
  nextFrameOf: 'Image suivante : {side}',
  offset: 'Décalage : {offset} s',
  syncHint: 'Pour synchroniser, mettez chaque côté en pause au même moment (ses boutons d’image le déplacent seul), puis appuyez sur Définir le point de synchronisation.',
  syncSaved: 'Point de synchronisation enregistré : l’essai est à {offset} s du modèle.',
  commentsOn: 'Les nouveaux commentaires vont sur',
  commentingHere: 'Les commentaires vont ici',
  loadingAttempt: 'Chargement de l’essai…',
};

export function sideBySideStringsFor(lang: string | null | undefined): SideBySideStrings {
  return (lang ?? '').toLowerCase().startsWith('fr') ? fr : en;
}

/** "+1.250", "−0.300": a sync offset with its sign, to the millisecond. */
export function signedOffset(offset: number): string {
  return `${offset >= 0 ? '+' : '−'}${Math.abs(offset).toFixed(3)}`;
}
