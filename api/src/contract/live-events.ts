import { z } from 'zod';
import type { AttemptDeletedEvent, AttemptView } from './attempts.ts';
import type { CommentView } from './comments.ts';
import type { GradeEvent } from './grades.ts';
import type { InboxItemView } from './inbox.ts';
import { Id } from './common.ts';

/** The payload of `thread:subscribe` and `thread:unsubscribe`, validated like a REST body. */
export const SubscribeBody = z.strictObject({ thread_id: Id });

/** Problem fields, as REST renders them, in a socket acknowledgement. */
export interface LiveError {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export type Ack<T = { seq: number }> = ({ ok: true } & T) | { error: LiveError };

export interface MediaStatusEvent {
  media_asset_id: string;
  status: 'pending' | 'uploaded' | 'processing' | 'ready' | 'failed';
  error: string | null;
}

/** Server to client. Names say what happened: `noun:verb-past`. */
export interface ServerToClientEvents {
  'comment:created': (comment: CommentView) => void;
  'comment:updated': (comment: CommentView) => void;
  'comment:deleted': (comment: CommentView) => void;
  'comment:hidden': (comment: CommentView) => void;
  'comment:unhidden': (comment: CommentView) => void;
  'media:status-changed': (event: MediaStatusEvent) => void;
  /** To the thread's room: an attempt was added (status pending: its upload starts). */
  'attempt:created': (attempt: AttemptView) => void;
  /** To the thread's room: its status (probed, transcoding, ready, failed) or its sync offset changed. */
  'attempt:updated': (attempt: AttemptView) => void;
  /** To the thread's room: the attempt, its comments and its files are gone. */
  'attempt:deleted': (event: AttemptDeletedEvent) => void;
  'grade:updated': (event: GradeEvent) => void;
  /** To an instructor: a thread of an exercise they author changed (a comment, done); as GET /inbox shows it. */
  'inbox:updated': (item: InboxItemView) => void;
}

/** Client to server: requests, acknowledged with `{ok}` or `{error}`. */
export interface ClientToServerEvents {
  'thread:subscribe': (payload: { thread_id: string }, ack: (reply: Ack) => void) => void;
  'thread:unsubscribe': (payload: { thread_id: string }, ack: (reply: Ack<object>) => void) => void;
}

export type AttemptEventName = 'attempt:created' | 'attempt:updated';

export type CommentEventName = 'comment:created' | 'comment:updated' | 'comment:deleted' | 'comment:hidden' | 'comment:unhidden';
