import { z } from 'zod';
import { Cursor, Id, NonBlankText, Seconds, Timestamp, TrimmedText, atLeastOneField, operations, page } from './common.ts';
import { CommentMarkerView, MarkerIds } from './feedback.ts';
import { RoleName } from './tokens.ts';

export const MAX_BODY_CHARS = 5000;

const Body = NonBlankText(MAX_BODY_CHARS);

// Rules across fields and on the thread, which the document says in words (JSON Schema cannot).
const T_START = 'Seconds; required unless parent_id is given (a reply takes its parent’s), within the exercise’s duration.';
const T_END = 'Seconds; not before t_start, within the exercise’s duration.';
const ATTEMPT_ID =
  'The comment’s target: one of the thread’s attempts (its times then fit the attempt’s duration, known once the upload is probed), or null/absent for the exercise’s (model) video. A reply takes its parent’s.';

/** The colours a drawing may use: names, so the element picks shades that read on any video. */
export const DRAWING_COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'white'] as const;
export const MAX_DRAWING_SHAPES = 50;
export const MAX_DRAWING_POINTS = 2000;

const Coordinate = z
  .number({ message: 'Must be a number from 0 to 1.' })
  .min(0, { message: 'Must be from 0 to 1 (a fraction of the video’s width or height).' })
  .max(1, { message: 'Must be from 0 to 1 (a fraction of the video’s width or height).' });
/** [x, y]: fractions of the video's own (unmirrored) frame, from its top left corner. */
const Point = z.tuple([Coordinate, Coordinate], { message: 'Must be a point: [x, y].' });
const Colour = z.enum(DRAWING_COLOURS, { message: `Must be one of ${DRAWING_COLOURS.join(', ')}.` });
// Arrows point from the first point to the second; rectangles and ellipses fill the box of two corners.
const TwoPoints = z.array(Point, { message: 'Must be a list of points.' }).length(2, { message: 'Must be two points: [from, to].' });
const shape = <T extends string>(type: T, points: z.ZodType<[number, number][]>) => z.strictObject({ type: z.literal(type), colour: Colour, points });

export const Drawing = z
  .strictObject({
    shapes: z
      .array(
        z.discriminatedUnion('type', [
          shape('arrow', TwoPoints),
          shape('line', TwoPoints),
          shape('rectangle', TwoPoints),
          shape('ellipse', TwoPoints),
          shape('freehand', z.array(Point, { message: 'Must be a list of points.' }).min(2, { message: 'Must have at least two points.' })),
        ], { message: 'Must be a shape: arrow, line, rectangle, ellipse or freehand.' }),
        { message: 'Must be a list of shapes.' },
      )
      .min(1, { message: 'Must have at least one shape (send null to remove the drawing).' })
      .max(MAX_DRAWING_SHAPES, { message: `Must have at most ${MAX_DRAWING_SHAPES} shapes.` }),
  })
  .superRefine((d, ctx) => {
    // The whole drawing's budget: the shape that crosses it is named.
    let total = 0;
    for (const [i, s] of d.shapes.entries()) {
      total += s.points.length;
      if (total > MAX_DRAWING_POINTS) {
        ctx.addIssue({ code: 'custom', path: ['shapes', i, 'points'], message: `A drawing has at most ${MAX_DRAWING_POINTS} points in all.` });
        return;
      }
    }
  })
  .meta({
    id: 'Drawing',
    description: 'Shapes drawn on the paused frame, in fractions (0 to 1) of the video’s own, unmirrored frame.',
  });
export type Drawing = z.infer<typeof Drawing>;
export type DrawingShape = Drawing['shapes'][number];
export type DrawingColour = (typeof DRAWING_COLOURS)[number];

export const CreateCommentBody = z
  .strictObject({
    thread_id: Id,
    t_start: Seconds.optional().meta({ description: T_START }),
    t_end: Seconds.optional().meta({ description: T_END }),
    body: Body,
    parent_id: Id.optional().meta({ description: 'A top-level comment of the same thread (replies are one level deep).' }),
    drawing: Drawing.nullable().optional(),
    marker_ids: MarkerIds.optional(),
    attempt_id: Id.nullable().optional().meta({ description: ATTEMPT_ID }),
  })
  .refine((b) => b.t_start !== undefined || b.parent_id !== undefined, { message: 'Required.', path: ['t_start'] })
  .refine((b) => b.t_end === undefined || b.t_start === undefined || b.t_end >= b.t_start, {
    message: 'Must not be before t_start.',
    path: ['t_end'],
  });

export const PatchCommentBody = atLeastOneField(
  z.strictObject({ body: Body.optional(), t_start: Seconds.optional().meta({ description: 'Seconds, within the exercise’s duration.' }), t_end: Seconds.optional().meta({ description: T_END }), drawing: Drawing.nullable().optional(), marker_ids: MarkerIds.optional() }),
)
  .refine((b) => b.t_end === undefined || b.t_start === undefined || b.t_end >= b.t_start, {
    message: 'Must not be before t_start.',
    path: ['t_end'],
  });

export const CommentListQuery = z.strictObject({
  /** Only the comments on this attempt. */
  attempt_id: Id.optional().meta({ description: 'Only the comments on this attempt of the thread.' }),
  /** `model`: only the comments on the exercise's video (attempt_id null). */
  target: z.enum(['model']).optional().meta({ description: '`model`: only the comments on the exercise’s own video. Without it or attempt_id, every comment of the thread.' }),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  since_seq: z
    .string()
    // 0 to 2^31 − 1 as a pattern, so the document says the range the server takes.
    .regex(/^(\d{1,9}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/, 'Must be a whole number from 0 to 2147483647.')
    .transform(Number)
    .pipe(z.int().max(2_147_483_647, 'Must be at most 2147483647.'))
    .optional(),
}).refine((q) => q.attempt_id === undefined || q.target === undefined, { message: 'Send attempt_id or target, not both.', path: ['target'] });

export const ReportBody = z.strictObject({ reason: TrimmedText(1000) });

export const CommentView = z
  .object({
    id: Id,
    thread_id: Id,
    seq: z.int(),
    /** Null when the author was erased (a tombstone: deleted, no body, kept so its replies keep their parent). */
    author: z.object({ id: Id, name: z.string(), role: RoleName }).nullable(),
    t_start: z.number(),
    t_end: z.number(),
    body: z.string().nullable(),
    /** Withheld (null) wherever the body is. */
    drawing: Drawing.nullable(),
    parent_id: Id.nullable(),
    /** The target: one of the thread's attempts, or null for the exercise's (model) video. */
    attempt_id: Id.nullable(),
    created_at: Timestamp,
    /** Any change (a moderator's hide too). */
    updated_at: Timestamp,
    /** The author's last edit of the body or times; null when never edited: show "edited" by this. */
    edited_at: Timestamp.nullable(),
    deleted: z.boolean(),
    hidden: z.boolean(),
    /** The markers it carries, as set with `marker_ids` on create or edit (label order). */
    marker_ids: z.array(Id),
    /** The same markers with their label and colour, for readers who cannot list the instructor's bank. */
    markers: z.array(CommentMarkerView),
  })
  .meta({ id: 'Comment' });

export type CommentView = z.infer<typeof CommentView>;

export const ReportCreated = z.object({ id: z.uuid(), status: z.enum(['open', 'dismissed', 'actioned']) });

export const CommentOps = operations('Comments', {
  list: {
    summary: 'The thread’s comments by timecode (keyset pages), or with since_seq every change after a seq, in seq order',
    responses: { 200: { description: 'A page of comments', schema: page(CommentView) } },
  },
  create: {
    summary: 'Post a comment at a moment or range (owner and exercise authors)',
    headers: [{ name: 'Idempotency-Key', description: 'Retries with the same key and body return the first answer; kept for the comment’s life (at least 24 h).' }],
    responses: { 201: { description: 'Created (or the original answer to a retry)', schema: CommentView } },
  },
  update: { summary: 'Edit one’s own comment', responses: { 200: { description: 'The comment', schema: CommentView } } },
  remove: { summary: 'Delete one’s own comment (it keeps its place, not its body)', responses: { 204: { description: 'Deleted' } } },
  report: {
    summary: 'Report a comment to the moderators (a participant, not on their own comment)',
    responses: { 201: { description: 'Reported', schema: ReportCreated }, 200: { description: 'Already reported by the caller', schema: ReportCreated } },
  },
});
