// The instructor's inbox and feedback bank speak through this table: it travels in their lazy
// chunk, so a learner's page never carries it. Same keys in every language.

const en = {
  inbox: 'Inbox',
  exercise: 'Exercise',
  course: 'Course',
  student: 'Student',
  allExercises: 'All exercises',
  allCourses: 'All courses',
  waitingOnly: 'Waiting for a reply only',
  markDone: 'Mark done',
  backToInbox: 'Back to inbox',
  awaitingSince: 'waiting since {when}',
  unread: '{count} unread',
  lastMessage: '{author}: {excerpt}',
  withheld: '(hidden by a moderator)',
  noMessage: 'No comment yet',
  empty: 'Nothing here. New comments from your students will show up here.',
  loadMore: 'Show more',
  triageHint: 'j and k move, Enter opens, r replies, e marks done',
  insertSnippet: 'Insert snippet',
  searchSnippets: 'Search snippets',
  snippets: 'Snippets',
  noSnippets: 'No snippet matches.',
  markers: 'Markers',
  filterByMarker: 'Filter by marker',
  allMarkers: 'All comments',
};

export type InboxStrings = typeof en;

const fr: InboxStrings = {
  inbox: 'Boîte de réception',
  exercise: 'Exercice',
  course: 'Cours',
  student: 'Étudiant',
  allExercises: 'Tous les exercices',
  allCourses: 'Tous les cours',
  waitingOnly: 'Seulement ceux qui attendent une réponse',
  markDone: 'Marquer comme traité',
  backToInbox: 'Retour à la boîte de réception',
  awaitingSince: 'attend depuis {when}',
  unread: '{count} non lus',
  lastMessage: '{author} : {excerpt}',
  withheld: '(masqué par un modérateur)',
  noMessage: 'Aucun commentaire',
  empty: 'Rien ici. Les nouveaux commentaires de vos étudiants apparaîtront ici.',
  loadMore: 'Afficher plus',
  triageHint: 'j et k pour se déplacer, Entrée pour ouvrir, r pour répondre, e pour marquer comme traité',
  insertSnippet: 'Insérer un extrait',
  searchSnippets: 'Chercher un extrait',
  snippets: 'Extraits',
  noSnippets: 'Aucun extrait ne correspond.',
  markers: 'Marqueurs',
  filterByMarker: 'Filtrer par marqueur',
  allMarkers: 'Tous les commentaires',
};

export function inboxStringsFor(lang: string | null | undefined): InboxStrings {
  return (lang ?? '').toLowerCase().startsWith('fr') ? fr : en;
}
