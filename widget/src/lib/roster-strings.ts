// The course roster in the instructor's switcher speaks through this table: it travels in the
// switcher's lazy chunk, so a learner's page never carries it. Same keys in every language.

const en = {
  notStarted: 'not started',
  unnamed: 'A learner (the LMS shares no name)',
  startedSince: 'started since this list loaded',
};

export type RosterStrings = typeof en;

const fr: RosterStrings = {
  notStarted: 'pas commencé',
  unnamed: 'Un étudiant (le LMS ne partage pas son nom)',
  startedSince: 'commencé depuis le chargement de cette liste',
};

export function rosterStringsFor(lang: string | null | undefined): RosterStrings {
  return (lang ?? '').toLowerCase().startsWith('fr') ? fr : en;
}
