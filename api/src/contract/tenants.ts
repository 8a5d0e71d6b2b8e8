import { z } from 'zod';
import { Text, TrimmedText, atLeastOneField, operations } from './common.ts';

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

const Days = (max: number) => z.int({ message: 'Must be a whole number of days.' }).min(1, { message: 'Must be at least 1.' }).max(max, { message: `Must be at most ${max}.` });

/** How long the tenant keeps what expires (null: for ever), and how many days ahead authors are warned. */
export const RetentionPolicy = z.object({
  archived_exercise_days: Days(36_500).nullable(),
  attempt_days: Days(36_500).nullable(),
  warn_days: z.int({ message: 'Must be a whole number of days.' }).min(0, { message: 'Must not be negative.' }).max(3650, { message: 'Must be at most 3650.' }),
});

export const TenantView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    allowed_origins: z.array(z.string()),
    thread_link_template: z.string().nullable(),
    /** An erased user's comments in others' threads: kept in place without author or body, or deleted. */
    erasure_policy: z.enum(['tombstone', 'delete']),
    /** The Learning Record Store statements go to; its password is never answered back. */
    lrs: z.object({ endpoint: z.string(), username: z.string(), password_set: z.literal(true) }).nullable(),
    retention: RetentionPolicy,
  })
  .meta({ id: 'Tenant' });

export const LrsSettings = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/, message: 'Must be an http(s) URL (the LRS’s xAPI endpoint).' }).max(2000),
  username: Text().min(1).max(500),
  password: Text().min(1).max(500),
});

export const PatchTenantBody = atLeastOneField(
  z.strictObject({
    name: TrimmedText(200).optional(),
    allowed_origins: z.array(Origin).max(100).optional(),
    thread_link_template: ThreadLinkTemplate.nullable().optional(),
    erasure_policy: z.enum(['tombstone', 'delete'], { message: 'Must be tombstone or delete.' }).optional(),
    /** null: no learning records are kept. */
    lrs: LrsSettings.nullable().optional(),
    retention: RetentionPolicy.partial().strict().optional(),
  }),
);

export type PatchTenantBody = z.infer<typeof PatchTenantBody>;

export const TenantOps = operations('Tenant', {
  get: { summary: 'The API key’s tenant', responses: { 200: { description: 'The tenant', schema: TenantView } } },
  patch: { summary: 'Rename the tenant; set the origins allowed to embed the element, the erasure policy, the Learning Record Store, the retention policy', responses: { 200: { description: 'The tenant', schema: TenantView } } },
});
