import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IdParams } from '../contract/common.ts';
import type { CommentListQuery, CreateCommentBody, PatchCommentBody, ReportBody } from '../contract/comments.ts';
import { principalOf } from '../http/authenticate.ts';
import { ValidationError } from '../http/errors.ts';
import type { CommentsService } from './comments.service.ts';
import { sendJson } from '../http/send-json.ts';

type Id = z.output<typeof IdParams>;

/** Idempotency-Key: 1 to 200 visible ASCII characters (a UUID is typical). */
function idempotencyKey(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new ValidationError([{ field: 'Idempotency-Key', message: 'Must be 1 to 200 visible ASCII characters.' }]);
  return key;
}

export function commentsHandlers(comments: CommentsService) {
  return {
    async create({ body }: { body: z.output<typeof CreateCommentBody> }, req: Request, res: Response) {
      const comment = await comments.create(principalOf(res), body, idempotencyKey(req));
      sendJson(res, 201, comment, { Location: `/api/v1/comments/${comment.id}` });
    },
    async update({ params, body }: { params: Id; body: z.output<typeof PatchCommentBody> }, _req: Request, res: Response) {
      sendJson(res, 200, await comments.update(principalOf(res), params.id, body));
    },
    async remove({ params }: { params: Id }, _req: Request, res: Response) {
      await comments.remove(principalOf(res), params.id);
      res.status(204).end();
    },
    async list({ params, query }: { params: Id; query: z.output<typeof CommentListQuery> }, _req: Request, res: Response) {
      sendJson(res, 200, await comments.list(principalOf(res), params.id, query));
    },
    async report({ params, body }: { params: Id; body: z.output<typeof ReportBody> }, _req: Request, res: Response) {
      const report = await comments.report(principalOf(res), params.id, body.reason);
      sendJson(res, report.created ? 201 : 200, { id: report.id, status: report.status });
    },
  };
}
