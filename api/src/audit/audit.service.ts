import type { Principal } from '../auth/principal.ts';
import type { Metrics } from '../core/metrics.ts';
import type { AuditEvent, AuditRepository } from './audit.repository.ts';

/** Denials and failed validations are written down and counted; writing never fails a request. */
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly metrics: Metrics,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(principal: Principal | undefined, action: string, outcome: AuditEvent['outcome'], resource: string | null, detail?: Record<string, unknown>): void {
    if (outcome === 'denied') this.metrics.accessDenials.inc({ action });
    const event: AuditEvent = {
      tenant_id: principal?.tenantId ?? null,
      actor_kind: principal?.kind ?? 'anonymous',
      actor_id: principal ? (principal.kind === 'user' ? principal.userId : principal.keyId) : null,
      action,
      resource,
      outcome,
      detail,
    };
    // Off the request's path: the answer does not wait for the audit row.
    this.repo.insert(event).catch(this.onError);
  }
}
