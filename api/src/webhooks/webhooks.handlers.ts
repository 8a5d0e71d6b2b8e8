import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IdParams } from '../contract/common.ts';
import type { CreateWebhookBody, DeliveryListQuery, DeliveryParams } from '../contract/webhooks.ts';
import { apiKeyOf } from '../http/authenticate.ts';
import { sendJson } from '../http/send-json.ts';
import type { WebhooksService } from './webhooks.service.ts';

type Id = z.output<typeof IdParams>;

export function webhooksHandlers(webhooks: WebhooksService) {
  return {
    async create({ body }: { body: z.output<typeof CreateWebhookBody> }, _req: Request, res: Response) {
      const created = await webhooks.create(apiKeyOf(res), body);
      sendJson(res, 201, created, { Location: `/api/v1/webhooks/${created.id}` });
    },
    async list(_input: unknown, _req: Request, res: Response) {
      sendJson(res, 200, { data: await webhooks.list(apiKeyOf(res)), next_cursor: null });
    },
    async remove({ params }: { params: Id }, _req: Request, res: Response) {
      await webhooks.remove(apiKeyOf(res), params.id);
      res.status(204).end();
    },
    async deliveries({ params, query }: { params: Id; query: z.output<typeof DeliveryListQuery> }, _req: Request, res: Response) {
      sendJson(res, 200, await webhooks.deliveries(apiKeyOf(res), params.id, query));
    },
    async redeliver({ params }: { params: z.output<typeof DeliveryParams> }, _req: Request, res: Response) {
      sendJson(res, 202, await webhooks.redeliver(apiKeyOf(res), params.id, params.delivery_id));
    },
  };
}
