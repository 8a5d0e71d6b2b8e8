import type { Principal } from '../auth/principal.ts';
import type { Role } from '../auth/principal.ts';
import { mayReadBody } from '../access/policy.ts';
import type { CommentView, Drawing } from '../contract/comments.ts';
import type { CommentMarkerView } from '../contract/feedback.ts';

/** A comment as the repositories read it (see COMMENT_COLUMNS), with its author's name and role. */
export interface CommentRow {
  id: string;
  thread_id: string;
  /** Null for a tombstone: an erased user's comment kept in its place (its name and role null too). */
  author_id: string | null;
  author_name: string | null;
  author_role: Role | null;
  t_start_ms: number;
  t_end_ms: number;
  body: string;
  /** JSONB, parsed by the driver. */
  drawing: Drawing | null;
  parent_id: string | null;
  /** The target: an attempt of the thread, or null for the exercise's video. */
  attempt_id: string | null;
  seq: number;
  /** ISO 8601, made by the database. */
  created_at: string;
  updated_at: string;
  /** When the author last edited it (never a moderator's hide); null if never. */
  edited_at: string | null;
  deleted: boolean;
  hidden: boolean;
  /** The markers it carries, label order (a JSON array from the database). */
  markers: CommentMarkerView[];
}

export const msToSeconds = (ms: number) => ms / 1000;
export const secondsToMs = (s: number) => Math.round(s * 1000);

/**
 * As a given viewer sees it: deleted and hidden comments keep their place and timecode but not
 * their body nor their drawing (a hidden comment's own author still sees both). `viewer` undefined is the public view
 * sent to a whole live room.
 */
export function toCommentView(row: CommentRow, viewer?: Principal, asModerator = false): CommentView {
  const facts = { authorId: row.author_id, deleted: row.deleted, hidden: row.hidden };
  // A moderator judging a report reads the body, hidden or not; nobody reads a deleted one.
  const readable = asModerator ? !facts.deleted : viewer ? mayReadBody(viewer, facts) : !facts.deleted && !facts.hidden;
  return {
    id: row.id,
    thread_id: row.thread_id,
    seq: row.seq,
    author: row.author_id === null ? null : { id: row.author_id, name: row.author_name ?? '', role: row.author_role ?? 'learner' },
    t_start: msToSeconds(row.t_start_ms),
    t_end: msToSeconds(row.t_end_ms),
    body: readable ? row.body : null,
    drawing: readable ? (row.drawing ?? null) : null,
    parent_id: row.parent_id,
    attempt_id: row.attempt_id ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    edited_at: row.edited_at,
    deleted: facts.deleted,
    hidden: facts.hidden,
    marker_ids: row.markers.map((m) => m.id),
    markers: row.markers,
  };
}
