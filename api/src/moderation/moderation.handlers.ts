import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IdParams } from '../contract/common.ts';
import type { OptionalReasonBody, ReasonBody, ReportListQuery } from '../contract/moderation.ts';
import { principalOf } from '../http/authenticate.ts';
import type { ModerationService } from './moderation.service.ts';
import { sendJson } from '../http/send-json.ts';

type Id = z.output<typeof IdParams>;

export function moderationHandlers(moderation: ModerationService) {
  return {
    async listReports({ query }: { query: z.output<typeof ReportListQuery> }, _req: Request, res: Response) {
      sendJson(res, 200, await moderation.listReports(principalOf(res), query));
    },
    async hide({ params, body }: { params: Id; body: z.output<typeof ReasonBody> }, _req: Request, res: Response) {
      sendJson(res, 200, await moderation.hide(principalOf(res), params.id, body.reason));
    },
    async unhide({ params, body }: { params: Id; body: z.output<typeof OptionalReasonBody> }, _req: Request, res: Response) {
      sendJson(res, 200, await moderation.unhide(principalOf(res), params.id, body?.reason));
    },
    async dismiss({ params, body }: { params: Id; body: z.output<typeof OptionalReasonBody> }, _req: Request, res: Response) {
      await moderation.dismiss(principalOf(res), params.id, body?.reason);
      res.status(204).end();
    },
  };
}
