import { z } from 'zod';
import { Id, operations, Seconds, Timestamp } from './common.ts';

const Progress = z.number({ message: 'Must be a number from 0 to 1.' }).min(0, { message: 'Must be from 0 to 1.' }).max(1, { message: 'Must be from 0 to 1.' });
/** The element's own id for the event, kept when a batch is sent again: the statement id comes from it. */
const base = { id: Id, at: Timestamp, session_id: Id };

/** One player event (the xAPI Video Profile's verbs); each type carries the times its statement needs. */
export const PlayerEventBody = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('initialized') }),
  z.strictObject({ ...base, type: z.literal('played'), time: Seconds }),
  z.strictObject({ ...base, type: z.literal('paused'), time: Seconds, progress: Progress.optional() }),
  z.strictObject({ ...base, type: z.literal('seeked'), from: Seconds, to: Seconds }),
  z.strictObject({ ...base, type: z.literal('completed'), time: Seconds, progress: Progress.optional() }),
]);

export const PostEventsBody = z.strictObject({
  exercise_id: Id,
  events: z.array(PlayerEventBody).min(1, { message: 'Send at least one event.' }).max(100, { message: 'At most 100 events per batch.' }),
});

export const EventsAccepted = z.object({
  /** Events that became statements now. */
  accepted: z.int(),
  /** Events received before (a batch sent again): nothing new was made of them. */
  duplicates: z.int(),
  /** False when the tenant keeps no learning records (no LRS): nothing was kept, and the element stops reporting. */
  recording: z.boolean(),
});

export const XapiOps = operations('Learning records', {
  events: {
    summary: 'Report the player’s events in a batch (only when the tenant has an LRS): each becomes an xAPI Video Profile statement, sent from the job queue, once',
    responses: { 202: { description: 'Queued for the LRS', schema: EventsAccepted } },
  },
});

export type PlayerEventType = 'initialized' | 'played' | 'paused' | 'seeked' | 'completed';

/** A player event as the element reports it; `id` is the element's own, kept across resends. */
export interface PlayerEvent {
  id: string;
  type: PlayerEventType;
  /** When it happened (ISO 8601). */
  at: string;
  /** One playing of the video, from its `initialized` on. */
  session_id: string;
  /** The playhead, in seconds (played, paused, completed). */
  time?: number;
  /** A seek's ends, in seconds. */
  from?: number;
  to?: number;
  /** Share of the video watched, 0 to 1 (paused, completed). */
  progress?: number;
}
