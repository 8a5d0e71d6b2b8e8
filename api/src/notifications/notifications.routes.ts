import escapeHtml from 'escape-html';
import { NotificationOps, PatchNotificationPreferencesBody, UnsubscribeQuery } from '../contract/notifications.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import { reply, route } from '../http/route.ts';
import type { NotificationsService } from './notifications.service.ts';

/** A browser opening the link gets a page whose button unsubscribes (a link scanner's GET changes nothing). */
function confirmPage(token: string): string {
  const action = `?token=${escapeHtml(encodeURIComponent(token))}`;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Unsubscribe</title>
<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><p>Stop these emails from Exercise Threads?</p><button>Unsubscribe</button></form></html>`;
}

export function notificationsRoutes(notifications: NotificationsService) {
  return [
    route({ method: 'get', path: '/me/notifications', auth: 'user', doc: NotificationOps.get, handler: ({ principal }) => notifications.preferences(principal) }),
    route({ method: 'patch', path: '/me/notifications', auth: 'user', body: PatchNotificationPreferencesBody, doc: NotificationOps.patch, handler: ({ principal, body }) => notifications.updatePreferences(principal, body) }),
    route({
      method: 'post', path: '/notifications/unsubscribe', auth: 'none', query: UnsubscribeQuery, doc: NotificationOps.unsubscribe,
      handler: async ({ query }) => {
        if (!(await notifications.unsubscribe(query.token))) throw new NotFoundError('unsubscribe link');
        return { unsubscribed: true };
      },
    }),
    route({
      method: 'get', path: '/notifications/unsubscribe', auth: 'none', query: UnsubscribeQuery, doc: NotificationOps.confirmPage,
      handler: ({ query }) => reply(200, confirmPage(query.token), { 'Content-Type': 'text/html; charset=utf-8' }),
    }),
  ];
}
