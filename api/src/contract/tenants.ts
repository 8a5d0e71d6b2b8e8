import { z } from 'zod';
import { Text, operations } from './common.ts';

/** An origin as browsers send it: scheme, host and port, nothing else. */
export const Origin = z
  .string()
  .max(255)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'Must be an origin such as https://lms.example.edu (no path or trailing slash).');

export const TenantView = z.object({ id: z.uuid(), name: z.string(), allowed_origins: z.array(z.string()) }).meta({ id: 'Tenant' });

export const PatchTenantBody = z
  .strictObject({ name: Text().trim().min(1).max(200).optional(), allowed_origins: z.array(Origin).max(100).optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.');

export const TenantOps = operations('Tenant', {
  get: { summary: 'The API key’s tenant', responses: { 200: { description: 'The tenant', schema: TenantView } } },
  patch: { summary: 'Rename the tenant or set the origins allowed to embed the element', responses: { 200: { description: 'The tenant', schema: TenantView } } },
});
