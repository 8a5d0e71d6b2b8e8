import { z } from 'zod';
import { atLeastOneField, operations } from './common.ts';

export const DigestFrequency = z.enum(['daily', 'weekly', 'off']);

export const NotificationPreferencesView = z
  .object({
    reply_emails: z.boolean().meta({ description: 'Email me when someone answers in my thread (after a short delay, not when I read it live).' }),
    digest: DigestFrequency.meta({ description: 'How often an exercise author gets a summary of the threads awaiting their reply.' }),
  })
  .meta({ id: 'NotificationPreferences' });

export type NotificationPreferences = z.infer<typeof NotificationPreferencesView>;

export const PatchNotificationPreferencesBody = atLeastOneField(z.strictObject({ reply_emails: z.boolean().optional(), digest: DigestFrequency.optional() }));

/** RFC 8058: the one-click POST carries `List-Unsubscribe=One-Click`; the token rides in the URL. */
export const UnsubscribeQuery = z.object({ token: z.string().min(1).max(2000) });
export const UnsubscribeBody = z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }).optional();

const prefs = { 200: { description: 'The caller’s email settings', schema: NotificationPreferencesView } };
export const NotificationOps = operations('Notifications', {
  get: { summary: 'The caller’s email settings', responses: prefs },
  patch: { summary: 'Change the caller’s email settings', responses: prefs },
  unsubscribe: {
    summary: 'One-click unsubscribe (RFC 8058), with the token from an email’s List-Unsubscribe link',
    responses: { 200: { description: 'That kind of email is turned off', schema: z.object({ unsubscribed: z.literal(true) }) }, 404: { description: 'Not a valid unsubscribe link', problems: ['not-found'] } },
  },
  confirmPage: { summary: 'The unsubscribe link opened in a browser: a page that asks first', responses: { 200: { description: 'A confirmation page', contentType: 'text/html', schema: z.string() } } },
});
