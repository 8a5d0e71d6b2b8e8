import type { AttemptView } from './types.ts';

/** An attempt awaits feedback while no author of the exercise has commented on it (a failed one awaits nothing). */
export const awaitsFeedback = (a: AttemptView): boolean => a.feedback_at === null && a.status !== 'failed';
