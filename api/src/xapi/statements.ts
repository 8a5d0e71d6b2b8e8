import { v5 as uuidv5 } from 'uuid';
import type { PlayerEvent, PlayerEventType } from '../contract/xapi.ts';

/**
 * xAPI 1.0.3 statements: the xAPI Video Profile (https://w3id.org/xapi/video) for player events,
 * and `commented` for a comment. Pure: the same input always makes the same statement, with the
 * same id, so a statement sent twice is one statement to the LRS (it keeps the first; see
 * xAPI 1.0.3, Data 2.4.1 and Communication 2.1.2).
 */

export const XAPI_VERSION = '1.0.3';
export const VIDEO_PROFILE = 'https://w3id.org/xapi/video';
export const VIDEO_ACTIVITY_TYPE = 'https://w3id.org/xapi/video/activity-type/video';

export const VERBS = {
  initialized: { id: 'http://adlnet.gov/expapi/verbs/initialized', display: { 'en-US': 'initialized' } },
  played: { id: 'https://w3id.org/xapi/video/verbs/played', display: { 'en-US': 'played' } },
  paused: { id: 'https://w3id.org/xapi/video/verbs/paused', display: { 'en-US': 'paused' } },
  seeked: { id: 'https://w3id.org/xapi/video/verbs/seeked', display: { 'en-US': 'seeked' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  commented: { id: 'http://adlnet.gov/expapi/verbs/commented', display: { 'en-US': 'commented' } },
} as const;

const VIDEO_EXT = 'https://w3id.org/xapi/video/extensions';
export const EXTENSIONS = {
  time: `${VIDEO_EXT}/time`,
  timeFrom: `${VIDEO_EXT}/time-from`,
  timeTo: `${VIDEO_EXT}/time-to`,
  progress: `${VIDEO_EXT}/progress`,
  playedSegments: `${VIDEO_EXT}/played-segments`,
  sessionId: `${VIDEO_EXT}/session-id`,
  length: `${VIDEO_EXT}/length`,
  completionThreshold: `${VIDEO_EXT}/completion-threshold`,
} as const;

/** Ids are UUID v5 in this namespace (itself v5 of the URL namespace and a fixed name). */
const NAMESPACE = uuidv5('https://w3id.org/xapi/video#exercise-threads', uuidv5.URL);

/** The same parts give the same statement id, every time and in every process. */
export function statementId(...parts: string[]): string {
  return uuidv5(parts.join('\u001f'), NAMESPACE);
}

export type { PlayerEvent, PlayerEventType };

export interface StatementScope {
  /** The tool's public URL: the home of actor accounts and of activity ids. */
  toolUrl: string;
  tenantId: string;
  user: { id: string; externalId: string; name: string };
  exercise: { id: string; title: string; duration_ms: number | null };
}

/** Seconds, at most to the millisecond (the profile's extensions are decimals of seconds). */
const secs = (s: number) => Math.round(s * 1000) / 1000;

function base(scope: StatementScope) {
  return {
    actor: {
      objectType: 'Agent' as const,
      name: scope.user.name,
      // The LMS's own user id, scoped to the tenant: the LRS can join it with the LMS's records.
      account: { homePage: `${scope.toolUrl}/tenants/${scope.tenantId}`, name: scope.user.externalId },
    },
    object: {
      objectType: 'Activity' as const,
      id: `${scope.toolUrl}/api/v1/exercises/${scope.exercise.id}`,
      definition: { type: VIDEO_ACTIVITY_TYPE, name: { 'en-US': scope.exercise.title } },
    },
  };
}

/** A Video Profile statement for one player event. */
export function videoStatement(scope: StatementScope, e: PlayerEvent): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const extensions: Record<string, unknown> = {};
  if (e.type === 'seeked') {
    extensions[EXTENSIONS.timeFrom] = secs(e.from ?? 0);
    extensions[EXTENSIONS.timeTo] = secs(e.to ?? 0);
  } else if (e.type !== 'initialized') {
    extensions[EXTENSIONS.time] = secs(e.time ?? 0);
  }
  if ((e.type === 'paused' || e.type === 'completed') && e.progress !== undefined) extensions[EXTENSIONS.progress] = Math.round(e.progress * 1000) / 1000;
  if (e.type === 'completed') result.completion = true;
  if (Object.keys(extensions).length) result.extensions = extensions;

  const contextExtensions: Record<string, unknown> = { [EXTENSIONS.sessionId]: e.session_id };
  if (e.type === 'initialized' && scope.exercise.duration_ms !== null) contextExtensions[EXTENSIONS.length] = scope.exercise.duration_ms / 1000;
  return {
    id: statementId(scope.tenantId, scope.user.id, 'event', e.id),
    ...base(scope),
    verb: VERBS[e.type],
    ...(Object.keys(result).length && { result }),
    context: {
      contextActivities: { category: [{ objectType: 'Activity', id: VIDEO_PROFILE, definition: { type: 'http://adlnet.gov/expapi/activities/profile' } }] },
      extensions: contextExtensions,
    },
    timestamp: e.at,
  };
}

export interface CommentFact {
  id: string;
  thread_id: string;
  t_start_ms: number;
  t_end_ms: number;
  body: string;
  created_at: string;
}

/** The context extension that carries a comment's time range, in seconds. */
export const timeRangeExtension = (toolUrl: string) => `${toolUrl}/xapi/extensions/time-range`;

/** `commented` on the exercise's video; the time range rides in the context. */
export function commentStatement(scope: StatementScope, c: CommentFact): Record<string, unknown> {
  return {
    id: statementId(scope.tenantId, 'comment', c.id),
    ...base(scope),
    verb: VERBS.commented,
    result: { response: c.body },
    context: {
      extensions: {
        [timeRangeExtension(scope.toolUrl)]: { start: c.t_start_ms / 1000, end: c.t_end_ms / 1000 },
      },
    },
    timestamp: c.created_at,
  };
}
