import { NotificationPreferencesView, PatchNotificationPreferencesBody, UnsubscribeQuery } from '../contract/notifications.ts';
import { route } from '../http/route.ts';
import { notificationsHandlers } from './notifications.handlers.ts';
import type { NotificationsService } from './notifications.service.ts';

export function notificationsRoutes(notifications: NotificationsService) {
  const h = notificationsHandlers(notifications);
  const tag = 'Notifications';
  const prefs = { 200: { description: 'The caller’s email settings', schema: NotificationPreferencesView } };
  return [
    route({ method: 'get', path: '/me/notifications', tag, auth: 'user', summary: 'The caller’s email settings', responses: prefs, handler: h.get }),
    route({ method: 'patch', path: '/me/notifications', tag, auth: 'user', summary: 'Change the caller’s email settings', body: PatchNotificationPreferencesBody, responses: prefs, handler: h.patch }),
    route({ method: 'post', path: '/notifications/unsubscribe', tag, auth: 'none', summary: 'One-click unsubscribe (RFC 8058), with the token from an email’s List-Unsubscribe link', query: UnsubscribeQuery, responses: { 200: { description: 'That kind of email is turned off' } }, handler: h.unsubscribe }),
    route({ method: 'get', path: '/notifications/unsubscribe', tag, auth: 'none', summary: 'The unsubscribe link opened in a browser: a page that asks first', query: UnsubscribeQuery, responses: { 200: { description: 'A confirmation page', contentType: 'text/html' } }, handler: h.confirmPage }),
  ];
}
