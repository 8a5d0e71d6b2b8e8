// The recorder speaks through this table: it travels in the recorder's lazy chunk, so a page that
// never records carries none of it. Same keys in every language.

const en = {
  recorder: 'Your attempt',
  record: 'Record an attempt',
  stop: 'Stop recording',
  retake: 'Retake',
  send: 'Send attempt',
  choose: 'Choose a video file',
  camera: 'Camera preview',
  take: 'Your take',
  asking: 'Allow the camera and microphone when your browser asks.',
  denied: 'The camera or microphone could not be used ({reason}). You can choose a video file instead.',
  noRecorder: 'This browser cannot record video. You can choose a video file instead.',
  countdown: 'Recording in {n}…',
  recording: 'Recording: {elapsed} of {limit}',
  recordingNoLimit: 'Recording: {elapsed}',
  limitReached: 'The time limit ({limit}) is reached: recording stopped.',
  review: 'Watch your take, then send it or record again.',
  tooLarge: '{name} is {size} MB; the largest attempt is {max} MB.',
  tooLong: '{name} lasts {duration}; an attempt may last at most {limit}.',
  unreadable: '{name} is not a video this browser can read.',
  sending: 'Sending your attempt: {percent}%',
  sendPaused: 'Sending stopped ({reason}); it resumes when the connection is back.',
  sent: 'Attempt sent.',
};

export type AttemptStrings = typeof en;

const fr: AttemptStrings = {
  recorder: 'Votre essai',
  record: 'Enregistrer un essai',
  stop: 'Arrêter l’enregistrement',
  retake: 'Recommencer',
  send: 'Envoyer l’essai',
  choose: 'Choisir un fichier vidéo',
  camera: 'Aperçu de la caméra',
  take: 'Votre prise',
  asking: 'Autorisez la caméra et le micro quand votre navigateur le demande.',
  denied: 'La caméra ou le micro n’a pas pu être utilisé ({reason}). Vous pouvez choisir un fichier vidéo à la place.',
  noRecorder: 'Ce navigateur ne peut pas enregistrer de vidéo. Vous pouvez choisir un fichier vidéo à la place.',
  countdown: 'Enregistrement dans {n}…',
  recording: 'Enregistrement : {elapsed} sur {limit}',
  recordingNoLimit: 'Enregistrement : {elapsed}',
  limitReached: 'La durée maximale ({limit}) est atteinte : enregistrement arrêté.',
  review: 'Regardez votre prise, puis envoyez-la ou recommencez.',
  tooLarge: '{name} fait {size} Mo ; un essai fait au plus {max} Mo.',
  tooLong: '{name} dure {duration} ; un essai dure au plus {limit}.',
  unreadable: '{name} n’est pas une vidéo que ce navigateur sait lire.',
  sending: 'Envoi de votre essai : {percent} %',
  sendPaused: 'Envoi interrompu ({reason}) ; il reprendra au retour de la connexion.',
  sent: 'Essai envoyé.',
};

export function attemptStringsFor(lang: string | null | undefined): AttemptStrings {
  return (lang ?? '').toLowerCase().startsWith('fr') ? fr : en;
}
