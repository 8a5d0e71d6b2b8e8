import { html, LitElement, nothing } from 'lit';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { inboxStringsFor } from '../lib/inbox-strings.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format } from '../lib/strings.ts';
import type { GradeView } from '../lib/types.ts';
import { styles } from './et-grade.styles.ts';

export type GradeStatus = 'idle' | 'saving' | 'failed';

/**
 * An author's grade for the open thread: a group "Grade" with a spin button "Score" (0 to the
 * thread's maximum), a text field "Grade comment", "Save grade", and a status line saying where
 * the score stands in the LMS gradebook (with a resend when the platform refused it).
 *
 * @fires et-grade-save-request - Save: `{score, comment}`.
 * @fires et-grade-resend-request - Post the saved grade to the gradebook again.
 * @csspart grade - The group (a fieldset).
 * @cssprop --et-grade-gap - Space between the fields (default 0.5rem).
 *
 * @tag et-grade
 */
export class EtGrade extends LitElement {
  static override properties = {
    grade: { attribute: false },
    status: { type: String },
    error: { type: String },
    lang: { type: String },
  };

  declare grade: GradeView | null;
  declare status: GradeStatus;
  /** Why the last save failed, shown with `status="failed"`. */
  declare error: string;

  static override styles = [tokens, styles];

  constructor() {
    super();
    this.grade = null;
    this.status = 'idle';
    this.error = '';
  }

  private statusText(): string {
    const s = inboxStringsFor(this.lang);
    if (this.status === 'saving') return s.gradeSaving;
    if (this.status === 'failed') return format(s.gradeNotSaved, { reason: this.error });
    const g = this.grade;
    if (!g || g.score === null) return s.notGraded;
    const state = g.passback.state;
    if (state === 'failed') return format(s.passbackFailed, { error: g.passback.error ?? '' });
    return { pending: s.passbackPending, sent: s.passbackSent, not_applicable: s.passbackLocal }[state];
  }

  private save(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const score = form.querySelector<HTMLInputElement>('input')!;
    if (!score.reportValidity() || score.value === '') return;
    const comment = form.querySelector('textarea')!.value.trim();
    emit(this, 'et-grade-save-request', { score: Number(score.value), comment: comment || null });
  }

  override render() {
    const s = inboxStringsFor(this.lang);
    const g = this.grade;
    const max = g?.max_score ?? 100;
    const busy = !g || this.status === 'saving';
    return html`<form @submit=${this.save}><fieldset part="grade" aria-busy=${busy ? 'true' : 'false'}>
      <legend>${s.grade}</legend>
      <div class="row">
        <label
          ><span>${s.score}</span>
          <input type="number" min="0" max=${max} step="any" required aria-describedby="max" .value=${g?.score == null ? '' : String(g.score)} ?disabled=${busy}
        /></label>
        <span id="max">${format(s.outOf, { max })}</span>
      </div>
      <label><span>${s.gradeComment}</span><textarea rows="2" maxlength="2000" .value=${g?.comment ?? ''} ?disabled=${busy}></textarea></label>
      <div class="row">
        <button type="submit" ?disabled=${busy}>${s.saveGrade}</button>
        ${g?.passback.state === 'failed'
          ? html`<button type="button" ?disabled=${busy} @click=${() => emit(this, 'et-grade-resend-request', {})}>${s.resendGrade}</button>`
          : nothing}
      </div>
      <p class="status ${this.status}" role="status">${this.statusText()}</p>
    </fieldset></form>`;
  }
}

defineOnce('et-grade', EtGrade);

declare global {
  interface HTMLElementTagNameMap {
    'et-grade': EtGrade;
  }
}
