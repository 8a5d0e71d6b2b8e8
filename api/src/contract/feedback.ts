import { z } from 'zod';
import { Cursor, Id, NonBlankText, Text, Timestamp, TrimmedText, atLeastOneField, operations, page } from './common.ts';

/** "mine": the caller's own; "exercise": shared with the authors of `exercise_id`. */
export const FeedbackScope = z.enum(['mine', 'exercise']);

export const SNIPPET_TITLE_CHARS = 120;
export const SNIPPET_BODY_CHARS = 5000;
export const MARKER_LABEL_CHARS = 32;

const SnippetTitle = TrimmedText(SNIPPET_TITLE_CHARS, `Must be at most ${SNIPPET_TITLE_CHARS} characters.`);
const SnippetBody = NonBlankText(SNIPPET_BODY_CHARS);
const MarkerLabel = TrimmedText(MARKER_LABEL_CHARS, `Must be at most ${MARKER_LABEL_CHARS} characters.`);
/** A colour as #rrggbb (stored in lower case). */
export const MarkerColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Must be a colour as #rrggbb.')
  .transform((c) => c.toLowerCase());

const SharedWith = Id.optional().meta({ description: 'The exercise whose authors share it: with scope "exercise" only, and then required.' });

type Sharing = { scope?: 'mine' | 'exercise' | undefined; exercise_id?: string | undefined };

/** A shared item names its exercise; one's own names none. */
function sharing<T extends z.ZodType<Sharing>>(schema: T) {
  return schema
    .refine((b) => b.scope !== 'exercise' || b.exercise_id !== undefined, { message: 'Required when scope is "exercise".', path: ['exercise_id'] })
    .refine((b) => b.scope === 'exercise' || b.exercise_id === undefined, { message: 'Only with scope "exercise".', path: ['exercise_id'] });
}

export const CreateSnippetBody = sharing(
  z.strictObject({ scope: FeedbackScope.default('mine'), exercise_id: SharedWith, title: SnippetTitle, body: SnippetBody }),
);

export const PatchSnippetBody = sharing(
  atLeastOneField(z.strictObject({ scope: FeedbackScope.optional(), exercise_id: SharedWith, title: SnippetTitle.optional(), body: SnippetBody.optional() })),
);

export const CreateMarkerBody = sharing(
  z.strictObject({ scope: FeedbackScope.default('mine'), exercise_id: SharedWith, label: MarkerLabel, color: MarkerColor }),
);

export const PatchMarkerBody = sharing(
  atLeastOneField(z.strictObject({ scope: FeedbackScope.optional(), exercise_id: SharedWith, label: MarkerLabel.optional(), color: MarkerColor.optional() })),
);

/**
 * Without filters: the caller's own items and those shared with every exercise they author.
 * `exercise_id`: the items usable in that exercise (one's own and its shared ones).
 */
export const FeedbackListQuery = z.strictObject({
  scope: FeedbackScope.optional(),
  exercise_id: Id.optional(),
  q: Text().trim().max(100).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const BankItem = {
  id: Id,
  scope: FeedbackScope,
  exercise_id: Id.nullable(),
  owner: z.object({ id: Id, name: z.string() }),
  created_at: Timestamp,
  updated_at: Timestamp,
};

export const SnippetView = z.object({ ...BankItem, title: z.string(), body: z.string() }).meta({ id: 'Snippet' });
export const MarkerView = z.object({ ...BankItem, label: z.string(), color: z.string() }).meta({ id: 'Marker' });

/** A marker as a comment carries it, for whoever reads the comment. */
export const CommentMarkerView = z.object({ id: Id, label: z.string(), color: z.string() }).meta({ id: 'CommentMarker' });

/** `marker_ids` on a comment's create or edit: the markers it carries (replacing any before). */
export const MarkerIds = z.array(Id).max(20, 'At most 20 markers.');

export type SnippetView = z.infer<typeof SnippetView>;
export type MarkerView = z.infer<typeof MarkerView>;
export type CommentMarkerView = z.infer<typeof CommentMarkerView>;

function bankOps(tag: string, what: string, view: z.ZodType) {
  return operations(tag, {
    list: { summary: `The caller’s ${what}s and those shared with the exercises they author`, responses: { 200: { description: `A page of ${what}s`, schema: page(view) } } },
    get: { summary: `One ${what}`, responses: { 200: { description: `The ${what}`, schema: view }, 404: { description: 'Not found', problems: ['not-found'] } } },
    create: {
      summary: `Keep a ${what}: scope "mine", or "exercise" with exercise_id to share it with the exercise’s authors`,
      responses: { 201: { description: 'Created', schema: view }, 403: { description: 'Not an author of the exercise', problems: ['forbidden'] }, 409: { description: 'The label is taken in that bank', problems: ['conflict'] } },
    },
    update: {
      summary: `Change a ${what} (any author of its exercise may; only its owner shares or unshares it)`,
      responses: { 200: { description: `The ${what}`, schema: view }, 404: { description: 'Not found', problems: ['not-found'] }, 409: { description: 'The label is taken in that bank', problems: ['conflict'] } },
    },
    delete: { summary: `Delete a ${what} (markers leave the comments that carried them)`, responses: { 204: { description: 'Deleted' } } },
  });
}

export const SnippetOps = bankOps('Snippets', 'snippet', SnippetView);
export const MarkerOps = bankOps('Markers', 'marker', MarkerView);
