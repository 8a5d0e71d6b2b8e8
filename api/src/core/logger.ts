import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process's structured JSON log (one object per line on stdout). Written asynchronously: a
 * line is handed to the kernel as soon as the previous write is done, so under load many lines
 * share one write, and pino flushes what is left when the process exits. Credentials never reach
 * it: the request log writes no headers and masks secret query values (http/request-log.ts), and
 * these paths are removed should anything log them anyway.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.token', '*.password', '*.secret'], remove: true },
    },
    destination,
  );
}
