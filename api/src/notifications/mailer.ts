import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Ours, stable across retries of one delivery, so a receiving server can tell a repeat. */
  messageId: string;
  headers: Record<string, string>;
  language: string;
}

/** What the notification service sends through; nodemailer over SMTP in production. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Nodemailer over `SMTP_URL`, or undefined when no SMTP server is configured (email is off). */
export function createMailer(config: MailConfig): Mailer | undefined {
  if (!config.smtp) return undefined;
  const from = config.smtp.from;
  // Pooled: a digest run sends many messages over a few connections. Bounded waits: a stalled
  // server fails the job (which is retried) instead of holding it past its expiry.
  const transport = nodemailer.createTransport({
    url: config.smtp.url,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { ...mail.headers, 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}
