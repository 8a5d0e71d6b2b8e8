import { z } from 'zod';
import { TrimmedText, atLeastOneField, operations } from './common.ts';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/**
 * A host name in lower case whose last label starts with a letter (else URL reads it as an IPv4
 * address), or a dotted IPv4 address. No `--` in a label: URL refuses some (invalid punycode), and a
 * pattern cannot tell which, so IDN hosts (`xn--…`) are not admitted (the fuzzer found the difference).
 */
const HOST = `(([a-z0-9]+(-[a-z0-9]+)*\\.)*[a-z][a-z0-9]*(-[a-z0-9]+)*|(${OCTET}\\.){3}${OCTET})`;
/**
 * An origin exactly as a browser serializes it, which is what the server compares: lower case, no
 * default port, no path. The pattern says it in the document; it admits ports 1000 to 59999 (never
 * a scheme's default) and no IPv6 literal, which no LMS page is served from.
 */
const ORIGIN = new RegExp(`^https?://${HOST}(:([1-9][0-9]{3}|[1-5][0-9]{4}))?$`);

/** An origin as browsers send it: scheme, host and port, nothing else. */
export const Origin = z
  .string()
  .max(255)
  .regex(ORIGIN, 'Must be an origin such as https://lms.example.edu (no path or trailing slash).')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'Must be an origin such as https://lms.example.edu (no path or trailing slash).');

/** Where the partner's users open a thread; `{thread_id}` and `{exercise_id}` are filled in (emails link there). */
export const ThreadLinkTemplate = z
  .string()
  .max(2000)
  .regex(new RegExp(`^https?://${HOST}(:[1-9][0-9]{0,3})?/([^\\s{}]|\\{exercise_id\\})*\\{thread_id\\}\\S*$`), 'Must be an http(s) URL containing {thread_id} (and optionally {exercise_id}).')
  .refine((value) => {
    try {
      const url = new URL(value.replaceAll('{thread_id}', 'id').replaceAll('{exercise_id}', 'id'));
      return (url.protocol === 'https:' || url.protocol === 'http:') && value.includes('{thread_id}');
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL containing {thread_id} (and optionally {exercise_id}).');

export const TenantView = z
  .object({ id: z.uuid(), name: z.string(), allowed_origins: z.array(z.string()), thread_link_template: z.string().nullable() })
  .meta({ id: 'Tenant' });

export const PatchTenantBody = atLeastOneField(
  z.strictObject({
    name: TrimmedText(200).optional(),
    allowed_origins: z.array(Origin).max(100).optional(),
    thread_link_template: ThreadLinkTemplate.nullable().optional(),
  }),
);

export const TenantOps = operations('Tenant', {
  get: { summary: 'The API key’s tenant', responses: { 200: { description: 'The tenant', schema: TenantView } } },
  patch: { summary: 'Rename the tenant or set the origins allowed to embed the element', responses: { 200: { description: 'The tenant', schema: TenantView } } },
});
