import type { Request, Response } from 'express';
import escapeHtml from 'escape-html';
import type { z } from 'zod';
import type { PatchNotificationPreferencesBody, UnsubscribeQuery } from '../contract/notifications.ts';
import { userOf } from '../http/authenticate.ts';
import { NotFoundError } from '../http/errors.ts';
import { sendJson } from '../http/send-json.ts';
import type { NotificationsService } from './notifications.service.ts';

type Token = { query: z.output<typeof UnsubscribeQuery> };

export function notificationsHandlers(notifications: NotificationsService) {
  return {
    async get(_input: unknown, _req: Request, res: Response) {
      sendJson(res, 200, await notifications.preferences(userOf(res)));
    },
    async patch({ body }: { body: z.output<typeof PatchNotificationPreferencesBody> }, _req: Request, res: Response) {
      sendJson(res, 200, await notifications.updatePreferences(userOf(res), body));
    },
    /** RFC 8058: what a mail client's unsubscribe button POSTs. */
    async unsubscribe({ query }: Token, _req: Request, res: Response) {
      if (!(await notifications.unsubscribe(query.token))) throw new NotFoundError('unsubscribe link');
      sendJson(res, 200, { unsubscribed: true });
    },
    /** Someone opened the link: a page whose button does it (a link scanner's GET changes nothing). */
    async confirmPage({ query }: Token, _req: Request, res: Response) {
      const action = `?token=${escapeHtml(encodeURIComponent(query.token))}`;
      const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Unsubscribe</title>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><p>Stop these emails from Exercise Threads?</p><button>Unsubscribe</button></form></html>`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
      res.end(page);
    },
  };
}
