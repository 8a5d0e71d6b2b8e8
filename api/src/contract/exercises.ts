import { z } from 'zod';
import { Cursor, Id, Text, Timestamp, TrimmedText, atLeastOneField, operations, page } from './common.ts';

const YOUTUBE_ID = '[A-Za-z0-9_-]{11}';
/** RFC 3986 characters (and percent-escapes) of a query or path after the id, and of a fragment. */
const URI_CHARS = "([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*";
const REST = URI_CHARS;
const FRAGMENT = `(#${URI_CHARS})?`;
/** Query parameters before `v`: any but another `v` (the server reads the first). */
const OTHER_PARAMS = "(([A-Za-uw-z0-9_.~-][A-Za-z0-9_.~-]*|v[A-Za-z0-9_.~-]+)(=[A-Za-z0-9._~!$'()*+,;=:@/?-]*)?&)*";
const AFTER_ID = `((/|\\?)${REST})?${FRAGMENT}`;
/**
 * The YouTube URLs the server reads a video id from (watch, youtu.be, embed, shorts, live), as a
 * pattern so the document says which URLs are accepted (youtube-id.ts reads the id).
 */
const YOUTUBE_URL = new RegExp(
  `^https?://(((www|m|music)\\.)?youtube\\.com|(www\\.)?youtube-nocookie\\.com)/(watch\\?${OTHER_PARAMS}v=${YOUTUBE_ID}(&${REST})?${FRAGMENT}|(embed|shorts|live|v)/${YOUTUBE_ID}${AFTER_ID})$|^https?://youtu\\.be/${YOUTUBE_ID}${AFTER_ID}$`,
);

export const ExerciseSourceInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('youtube'), url: z.url().max(2000).regex(YOUTUBE_URL, 'Not a YouTube video URL.') }),
  // zod checks the protocol; the pattern says it in the document.
  z.strictObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }).max(2000).regex(/^https?:\/\//, 'Must be an http or https URL.') }),
  z.strictObject({ type: z.literal('upload'), media_asset_id: Id }),
]);

/** How many attempts a learner may add to their thread (failed ones do not count); null: no limit. */
const MaxAttempts = z.int().min(1).max(100).nullable().meta({ description: 'How many attempts each learner may add (failed ones do not count); null: no limit.' });
/** How long an attempt may be, in whole seconds; null: no limit. */
const MaxAttemptSeconds = z
  .int()
  .min(1)
  .max(14_400)
  .nullable()
  .meta({ description: 'Longest attempt, in seconds: a longer one is refused once probed (and a file larger than this × 8,000,000 bytes before upload); null: no limit.' });

export const CreateExerciseBody = z.strictObject({
  title: TrimmedText(200),
  description: Text().max(5000).optional(),
  source: ExerciseSourceInput,
  /** Seconds, when known: comments may not be anchored past it. */
  duration: z.number().finite().positive().max(86_400).optional(),
  /** Whether learners get the player's speed control (default true). */
  speed_control: z.boolean().optional(),
  max_attempts: MaxAttempts.optional(),
  max_attempt_seconds: MaxAttemptSeconds.optional(),
  /** With an API key: the instructor who becomes the exercise's creator. */
  author_external_id: Text().min(1).max(255).optional(),
});

export const PatchExerciseBody = atLeastOneField(
  z.strictObject({
    title: TrimmedText(200).optional(),
    description: Text().max(5000).optional(),
    duration: z.number().finite().positive().max(86_400).nullable().optional(),
    speed_control: z.boolean().optional(),
    max_attempts: MaxAttempts.optional(),
    max_attempt_seconds: MaxAttemptSeconds.optional(),
  }),
);

export const ExerciseListQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AddAuthorBody = z.strictObject({ user_id: Id });
export const AuthorParams = z.object({ id: Id, user_id: Id });

export const ExerciseView = z
  .object({
    id: Id,
    title: z.string(),
    description: z.string(),
    source: z.object({
      type: z.enum(['youtube', 'upload', 'url']),
      url: z.string().nullable(),
      youtube_id: z.string().nullable(),
      media_asset_id: Id.nullable(),
    }),
    duration: z.number().nullable(),
    /** Whether the element offers its speed control (authors may turn it off for an exercise). */
    speed_control: z.boolean(),
    /** Attempts each learner may add; null: no limit. */
    max_attempts: z.int().nullable(),
    /** Longest attempt in seconds; null: no limit. */
    max_attempt_seconds: z.int().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    creator_id: Id,
    author_ids: z.array(Id),
    archived: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Exercise' });

export type ExerciseView = z.infer<typeof ExerciseView>;

export const ExerciseOps = operations('Exercises', {
  list: { summary: 'The tenant’s catalogue of exercises', responses: { 200: { description: 'A page of exercises', schema: page(ExerciseView) } } },
  create: { summary: 'Create an exercise (instructor, or API key naming author_external_id)', responses: { 201: { description: 'Created', schema: ExerciseView } } },
  get: { summary: 'One exercise', responses: { 200: { description: 'The exercise', schema: ExerciseView } } },
  update: { summary: 'Change an exercise (authors only)', responses: { 200: { description: 'The exercise', schema: ExerciseView } } },
  archive: { summary: 'Archive an exercise: gone from the catalogue, its threads stay readable (authors only)', responses: { 204: { description: 'Archived' } } },
  addAuthor: { summary: 'Add a co-author (an instructor of the tenant)', responses: { 201: { description: 'The exercise with its authors', schema: ExerciseView } } },
  removeAuthor: { summary: 'Remove a co-author', responses: { 204: { description: 'Removed' } } },
});
