import type { Container } from '../container.ts';
import { PatchTenantBody, TenantView } from '../contract/tenants.ts';
import { route } from '../http/route.ts';
import { tenantsHandlers } from './tenants.handlers.ts';

export function tenantsRoutes(c: Container) {
  const h = tenantsHandlers(c);
  return [
    route({
      method: 'get',
      path: '/tenant',
      tag: 'Tenant',
      summary: 'The API key’s tenant',
      auth: 'api_key',
      responses: { 200: { description: 'The tenant', schema: TenantView } },
      handler: h.get,
    }),
    route({
      method: 'patch',
      path: '/tenant',
      tag: 'Tenant',
      summary: 'Rename the tenant or set the origins allowed to embed the element',
      auth: 'api_key',
      body: PatchTenantBody,
      responses: { 200: { description: 'The tenant', schema: TenantView } },
      handler: h.patch,
    }),
  ];
}
