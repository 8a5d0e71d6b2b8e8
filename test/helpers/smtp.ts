import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '../media/helpers.ts';

export interface SmtpSink {
  url: string;
  /** Every message accepted, parsed. */
  messages: ParsedMail[];
  /** Attempts the server saw, accepted or refused. */
  attempts: number;
  /** The next n messages are refused with a temporary failure (451). */
  refuseNext(n: number): void;
  /** Waits until `count` messages have arrived (bounded). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server), as a mail relay would be. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  let refuse = 0;
  const sink = { attempts: 0 } as { attempts: number };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        sink.attempts++;
        if (refuse > 0) {
          refuse--;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(error);
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            messages.push(mail);
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get attempts() {
      return sink.attempts;
    },
    refuseNext(n) {
      refuse = n;
    },
    waitFor: (count, timeoutMs = 20_000) => waitFor(`${count} messages`, async () => (messages.length >= count ? messages : undefined), timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
