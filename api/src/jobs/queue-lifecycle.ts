import type { JobQueue, QueueSpec } from './job-queue.ts';

/**
 * A domain's own queue, started on first use: `ready` before sending (any process may send),
 * `start` also runs the domain's workers (once), `stop` ends both.
 */
export function queueLifecycle(queue: JobQueue, specs: QueueSpec[], work: () => Promise<void>) {
  let starting: Promise<void> | undefined;
  let working = false;
  const ready = (): Promise<void> => (starting ??= queue.start(specs));
  return {
    ready,
    async start(): Promise<void> {
      await ready();
      if (working) return;
      working = true;
      await work();
    },
    async stop(): Promise<void> {
      if (!starting) return;
      await starting.catch(() => {});
      starting = undefined;
      working = false;
      await queue.stop();
    },
  };
}
