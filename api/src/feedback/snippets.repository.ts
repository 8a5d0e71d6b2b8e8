import { FeedbackBankRepository, type BankRow } from './feedback-bank.repository.ts';

export interface SnippetRow extends BankRow {
  title: string;
  body: string;
}

export type SnippetFields = { title: string; body: string };

/** Reusable comment text: listed by title. */
export class SnippetsRepository extends FeedbackBankRepository<SnippetRow, SnippetFields> {
  protected readonly table = 'feedback_snippets';
  protected readonly sortColumn = 'title';
}
