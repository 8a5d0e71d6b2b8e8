import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IdParams } from '../contract/common.ts';
import type { CreateThreadBody, MarkReadBody, ThreadListQuery } from '../contract/threads.ts';
import { principalOf } from '../http/authenticate.ts';
import type { ThreadsService } from './threads.service.ts';
import { sendJson } from '../http/send-json.ts';

type Id = z.output<typeof IdParams>;

export function threadsHandlers(threads: ThreadsService) {
  return {
    async create({ body }: { body: z.output<typeof CreateThreadBody> }, _req: Request, res: Response) {
      const { thread, created } = await threads.create(principalOf(res), body.exercise_video_id);
      sendJson(res, created ? 201 : 200, thread, { Location: `/api/v1/threads/${thread.id}` });
    },
    async list({ query }: { query: z.output<typeof ThreadListQuery> }, _req: Request, res: Response) {
      sendJson(res, 200, await threads.list(principalOf(res), query));
    },
    async get({ params }: { params: Id }, _req: Request, res: Response) {
      sendJson(res, 200, await threads.get(principalOf(res), params.id));
    },
    async markRead({ params, body }: { params: Id; body: z.output<typeof MarkReadBody> }, _req: Request, res: Response) {
      sendJson(res, 200, await threads.markRead(principalOf(res), params.id, body.seq));
    },
  };
}
