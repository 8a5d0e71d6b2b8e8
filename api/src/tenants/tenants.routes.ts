import { PatchTenantBody, TenantOps } from '../contract/tenants.ts';
import { route } from '../http/route.ts';
import type { TenantsService } from './tenants.service.ts';

export function tenantsRoutes(tenants: TenantsService) {
  return [
    route({ method: 'get', path: '/tenant', auth: 'api_key', doc: TenantOps.get, handler: ({ principal }) => tenants.get(principal.tenantId) }),
    route({ method: 'patch', path: '/tenant', auth: 'api_key', body: PatchTenantBody, doc: TenantOps.patch, handler: ({ principal, body }) => tenants.update(principal.tenantId, body) }),
  ];
}
