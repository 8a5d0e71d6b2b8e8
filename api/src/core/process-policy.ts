/**
 * The process-level policy for a promise rejected with nobody listening (a library that drops a
 * promise, as the Socket.io Redis adapter does): report it and keep serving. Node's default
 * would end the process, and with it every request in flight, for an error no request caused.
 * Uncaught exceptions keep Node's default (the process's state is then unknown: let the
 * supervisor restart it). Returns a function that removes the policy.
 */
export function keepServingOnUnhandledRejection(report: (reason: unknown) => void, target: NodeJS.Process = process): () => void {
  const onRejection = (reason: unknown) => report(reason);
  target.on('unhandledRejection', onRejection);
  return () => void target.off('unhandledRejection', onRejection);
}
