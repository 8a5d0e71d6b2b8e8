import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { generate, type JsonSchema } from 'json-schema-faker';
import { createTestContext, type TestContext } from '../../helpers/context.ts';
import { makeWorld, type World } from '../../helpers/world.ts';

// An OpenAPI-driven fuzzer over every operation of /api/v1/openapi.json, with schemathesis's checks
// as the model: data the document calls valid is accepted (or refused for a business rule, below),
// data it calls invalid is refused with a 4xx problem document, nothing answers 5xx, every answer's
// status, content type and body are the ones the document gives for the operation, and no
// operation that names a security scheme answers a caller without credentials.
// Cases come from json-schema-faker (seeded: the same cases on every run); ajv (with ajv-formats)
// checks the answers and that each negative case really breaks the document's schema.

const SEED = 20261207;
/** Cases per operation and caller: each kind, valid and invalid. */
const POSITIVE = 3;
const NEGATIVE = 3;

const PROBLEM = 'https://exercise-threads.dev/problems/';
/**
 * What counts as a business refusal of data the document calls valid: the rules the document
 * cannot carry because they depend on stored state or on the caller (who may see or do what,
 * which ids exist, what is taken), never on the data's shape.
 */
const BUSINESS_PROBLEMS = new Set(
  ['forbidden', 'not-found', 'conflict', 'media-processing', 'media-failed', 'attempt-limit-reached', 'attempt-has-feedback', 'attempt-not-ready'].map((c) => PROBLEM + c),
);
/**
 * 422 `validation-failed` is business only for these fields of these operations: each a rule on
 * state or across fields that JSON Schema cannot say (listed in the operation's summary or the
 * field's description instead). Any other 422 for valid data is the document being looser than the server.
 */
const BUSINESS_FIELDS: Record<string, string[]> = {
  // t_start or parent_id; t_end not before t_start and within the exercise's duration; a parent of this thread, one level deep;
  // markers the writer may use (their own, or shared on the thread's exercise); an attempt of this thread, a reply on its parent's target.
  'post /comments': ['t_start', 't_end', 'parent_id', 'marker_ids', 'attempt_id'],
  // attempt_id or target=model, not both.
  'get /threads/{id}/comments': ['target'],
  'patch /comments/{id}': ['t_start', 't_end', 'marker_ids'],
  // Not one's own comment, nor a deleted one.
  'post /comments/{id}/reports': ['comment'],
  // An API key names an instructor of the tenant; a user names none; the caller's own upload.
  'post /exercises': ['author_external_id', 'source.media_asset_id'],
  // An instructor of the tenant; the creator stays an author.
  'post /exercises/{id}/authors': ['user_id'],
  'delete /exercises/{id}/authors/{user_id}': ['user_id'],
  'post /media/uploads': ['owner_external_id'],
  // Each part of this upload, as storage holds them.
  'post /media/uploads/{id}/complete': ['parts'],
  // At most the exercise's max_score.
  'put /threads/{id}/grade': ['score'],
  // exercise_id with scope "exercise" only.
  'post /snippets': ['exercise_id'],
  'patch /snippets/{id}': ['exercise_id'],
  'post /markers': ['exercise_id'],
  'patch /markers/{id}': ['exercise_id'],
  // https on a public address, without credentials (resolved when registered; http and private addresses where the configuration allows).
  'post /webhooks': ['url'],
};
/** A cursor is opaque: only one this API handed out is valid, whatever its shape. */
const ANY_OPERATION_BUSINESS_FIELDS = ['cursor'];

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}
interface MediaTypeObject {
  schema?: Json;
}
interface Operation {
  operationId: string;
  security: Json[];
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, { content?: Record<string, MediaTypeObject> }>;
}
interface Op {
  method: string;
  path: string;
  key: string;
  op: Operation;
}
interface Case {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
  /** What was broken, for a negative case. */
  broken?: string;
}
type CallerName = 'learner' | 'instructor' | 'moderator' | 'api key' | 'anonymous';

let ctx: TestContext;
let w: World;
let ops: Op[];
const ids: Record<string, string> = {};
const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats.default(ajv);
const queryAjv = new Ajv2020({ strict: false, coerceTypes: true });
addFormats.default(queryAjv);
const validators = new Map<object, ValidateFunction>();
const validatorOf = (schema: object, v = ajv): ValidateFunction => {
  let fn = validators.get(schema);
  if (!fn) validators.set(schema, (fn = v.compile(schema)));
  return fn;
};

before(async () => {
  // Private webhook URLs allowed, so a webhook can be registered on loopback. Nothing is delivered:
  // events queue webhook jobs, but no worker runs here (outbound.start() is never called).
  ctx = await createTestContext({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' });
  w = await makeWorld(ctx);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const author = as(w.actors.author.token);
  // Fixtures for every kind of path parameter, made through the API.
  const snippet = await ctx.http().post('/api/v1/snippets').set(author).send({ title: 'Posture', body: 'Keep your back straight.' });
  const marker = await ctx.http().post('/api/v1/markers').set(author).send({ label: 'timing', color: '#336699' });
  const upload = await ctx.http().post('/api/v1/media/uploads').set(author).send({ file_name: 'step.mp4', size: 1000, content_type: 'video/mp4' });
  const report = await ctx.http().post(`/api/v1/comments/${w.replyId}/reports`).set(as(w.actors.owner.token)).send({ reason: 'Off topic' });
  const webhook = await ctx.http().post('/api/v1/webhooks').set(as(w.tenantA.apiKey)).send({ url: 'http://127.0.0.1:9/hooks', event_types: ['comment.created'] });
  for (const res of [snippet, marker, upload, report, webhook]) assert.ok(res.status < 300, `${res.status} ${res.text}`);
  Object.assign(ids, { snippet: snippet.body.id, marker: marker.body.id, upload: upload.body.id, report: report.body.id, webhook: webhook.body.id });
  const doc = (await ctx.http().get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
  const deref = (await SwaggerParser.dereference(structuredClone(doc) as never)) as unknown as typeof doc;
  ops = Object.entries(deref.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, key: `${method} ${path}`, op })));
  // Deletions last, so the fixtures they remove serve every other operation first; archiving the
  // exercise (which makes its thread read-only) last of all.
  const rank = (o: Op) => (o.key === 'delete /exercises/{id}' ? 2 : o.method === 'delete' ? 1 : 0);
  ops.sort((a, b) => rank(a) - rank(b));
});
// Queueing a webhook job starts the job queue: stop it, or its timers outlive the database.
after(async () => {
  await ctx.c.outbound.stop();
  await ctx.close();
});

/** A real id for each path parameter: the fixture the path names. */
function pathIds(path: string): Record<string, string | undefined> {
  const id = path.startsWith('/threads') ? w.threadId
    : path.startsWith('/exercises') ? w.exerciseId
    : path.startsWith('/moderation/reports') ? ids.report!
    : path.startsWith('/comments') || path.startsWith('/moderation/comments') ? w.replyId
    : path.startsWith('/snippets') ? ids.snippet!
    : path.startsWith('/markers') ? ids.marker!
    : path.startsWith('/media') ? ids.upload!
    : path.startsWith('/webhooks') ? ids.webhook!
    : undefined;
  return { ...(id ? { id } : {}), user_id: w.actors.coauthor.id, rendition: 'master' } as Record<string, string | undefined>;
}

/**
 * Fields that name a resource get a real id in two cases of three (the third keeps the generated
 * one, an id nobody can see), so valid cases reach the services' rules, not only their 404s.
 */
function realIds(value: unknown, caller: CallerName): unknown {
  if (Array.isArray(value)) return value.map((v) => realIds(v, caller));
  if (typeof value !== 'object' || value === null) return value;
  const real: Record<string, string> = {
    thread_id: w.threadId,
    exercise_video_id: w.exerciseId,
    exercise_id: w.exerciseId,
    parent_id: w.commentId,
    user_id: w.actors.coauthor.id,
    media_asset_id: ids.upload!,
    // The instructor an API key acts for.
    author_external_id: 'author',
    owner_external_id: 'author',
  };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k in real && typeof v === 'string' && !(caller !== 'api key' && k.endsWith('external_id')) ? real[k] : realIds(v, caller)]));
}

/** Who calls: each user role the operation is for (moderation: the moderator too), the API key where listed. */
function callersOf({ op, path }: Pick<Op, 'op' | 'path'>): CallerName[] {
  const schemes = new Set(op.security.flatMap((s) => Object.keys(s)));
  if (schemes.size === 0) return ['anonymous'];
  const users: CallerName[] = path.startsWith('/moderation') ? ['learner', 'instructor', 'moderator'] : ['learner', 'instructor'];
  return [...(schemes.has('userToken') ? users : []), ...(schemes.has('apiKey') ? (['api key'] as const) : [])];
}

function credential(caller: CallerName): string | undefined {
  return { learner: w.actors.owner.token, instructor: w.actors.author.token, moderator: w.actors.moderator.token, 'api key': w.tenantA.apiKey, anonymous: undefined }[caller];
}

const seedOf = (...parts: (string | number)[]) => createHash('sha256').update(`${SEED}:${parts.join(':')}`).digest().readUInt32BE(0);

function queryObjectSchema(op: Operation): Json {
  const query = op.parameters.filter((p) => p.in === 'query');
  return { type: 'object', properties: Object.fromEntries(query.map((p) => [p.name, p.schema])), required: query.filter((p) => p.required).map((p) => p.name), additionalProperties: false };
}

const bodySchema = (op: Operation) => op.requestBody?.content['application/json']?.schema;

/**
 * A case the document calls valid, for the real ids. Every third case keeps strings short (the
 * lower bounds: empty, blank, one character) and leaves optional fields out. json-schema-faker does
 * not always meet `format` and `pattern` together, so a case the document refuses is made again.
 */
async function positiveCase(o: Op, caller: CallerName, i: number): Promise<Case> {
  const schema = bodySchema(o.op);
  const real = pathIds(o.path);
  let made: Case | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    const seed = seedOf(o.key, caller, i, attempt);
    // Later attempts fill every optional field: json-schema-faker gives up on `minProperties` with none.
    const optionals = attempt >= 10 ? { alwaysFakeOptionals: true } : { optionalsProbability: i % 3 === 2 ? 0.2 : 0.6 };
    const options = { seed, ...optionals, ...(i % 3 === 2 && attempt < 5 ? { maxLength: 2 } : {}) };
    try {
      const path: Record<string, string> = {};
      for (const p of o.op.parameters.filter((p) => p.in === 'path')) path[p.name] = real[p.name] ?? String(await generate(p.schema as JsonSchema, { seed }));
      const query = (await generate(queryObjectSchema(o.op) as JsonSchema, options)) as Record<string, unknown>;
      const body = schema && (o.op.requestBody?.required || i > 0) ? await generate(schema as JsonSchema, { ...options, seed: seed + 1 }) : undefined;
      made = i % 3 === 1 ? { path, query, body } : { path, query: realIds(query, caller) as Record<string, unknown>, body: realIds(body, caller) };
      if (validCase(o, made)) return made;
    } catch {
      // The generator could not meet the schema with this seed: the next one.
    }
  }
  assert.ok(made, `json-schema-faker made no case for ${o.key}`);
  return made;
}

/** A value that breaks `schema` (ajv confirms it later), or undefined when nothing simple does. */
function breaking(schema: Json, pick: number): unknown {
  const candidates: unknown[] = [];
  const type = schema.type;
  if (schema.enum) candidates.push('not-one-of-these');
  if (type === 'string' || schema.pattern || schema.allOf) candidates.push('', ' \t ', '\u0000', 12345, 'ftp://x.example/a', 'x'.repeat(((schema.maxLength as number) ?? 3000) + 1));
  if (type === 'integer' || type === 'number') candidates.push('7', (schema.minimum as number ?? 0) - 1, (schema.maximum as number ?? 1e15) + 1, 1.5);
  if (type === 'boolean') candidates.push('yes');
  if (type === 'array') candidates.push([], 'not-an-array', Array.from({ length: ((schema.maxItems as number) ?? 200) + 1 }, () => 'x'));
  if (type === 'object') candidates.push('not-an-object', {});
  if (!candidates.length) candidates.push(null, 12345);
  return candidates[pick % candidates.length];
}

/** A case the document refuses: a broken field, a missing required one, an unknown one, an empty PATCH. */
async function negativeCase(o: Op, caller: CallerName, i: number): Promise<Case | undefined> {
  const base = await positiveCase(o, caller, i);
  const seed = seedOf(o.key, caller, 'neg', i);
  const schema = bodySchema(o.op);
  const query = o.op.parameters.filter((p) => p.in === 'query');
  const mutations: (() => Case)[] = [];
  if (schema) {
    const props = (schema.properties ?? {}) as Record<string, Json>;
    const body = (typeof base.body === 'object' && base.body !== null ? base.body : {}) as Json;
    for (const [name, s] of Object.entries(props)) {
      mutations.push(() => ({ ...base, body: { ...body, [name]: breaking(s, seed >>> 3) }, broken: `body.${name}` }));
    }
    for (const name of (schema.required ?? []) as string[]) {
      mutations.push(() => {
        const { [name]: _dropped, ...rest } = body;
        return { ...base, body: rest, broken: `body without ${name}` };
      });
    }
    if (schema.additionalProperties === false) mutations.push(() => ({ ...base, body: { ...body, unexpected_field: 1 }, broken: 'body with an unknown field' }));
    if (schema.minProperties) mutations.push(() => ({ ...base, body: {}, broken: 'an empty body' }));
    mutations.push(() => ({ ...base, body: [body], broken: 'body an array' }));
  }
  for (const p of query) mutations.push(() => ({ ...base, query: { ...base.query, [p.name]: breaking(p.schema, seed >>> 5) }, broken: `query ${p.name}` }));
  const ids = o.op.parameters.filter((p) => p.in === 'path' && p.schema.format === 'uuid');
  for (const p of ids) mutations.push(() => ({ ...base, path: { ...base.path, [p.name]: 'not-a-uuid' }, broken: `path ${p.name}` }));
  if (!mutations.length) return undefined;
  // Try the mutations from a seeded start until one the document itself refuses.
  for (let k = 0; k < mutations.length; k++) {
    const c = mutations[(seed + k * 7 + i) % mutations.length]!();
    if (!validCase(o, c)) return c;
  }
  return undefined;
}

/** Whether the document calls the case valid. */
function validCase(o: Op, c: Case): boolean {
  for (const p of o.op.parameters.filter((p) => p.in === 'path')) if (!validatorOf(p.schema)(c.path[p.name])) return false;
  if (!validatorOf(queryObjectSchema(o.op), queryAjv)(structuredClone(c.query))) return false;
  const schema = bodySchema(o.op);
  if (schema && c.body !== undefined && !validatorOf(schema)(c.body)) return false;
  if (schema && c.body === undefined && o.op.requestBody?.required) return false;
  return true;
}

interface Answer {
  status: number;
  type: string;
  body: unknown;
  text: string;
}

async function send(o: Op, c: Case, token: string | undefined): Promise<Answer> {
  const path = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(c.path[name] ?? ''));
  const qs = new URLSearchParams(Object.entries(c.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
  let req = ctx.http()[o.method as 'get'](`/api/v1${path}${qs ? `?${qs}` : ''}`);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const res = c.body === undefined ? await req : await req.set('Content-Type', 'application/json').send(JSON.stringify(c.body));
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  let body: unknown = res.text;
  if (/json$/.test(type)) body = JSON.parse(res.text);
  return { status: res.status, type, body, text: res.text };
}

/** The answer is one the document gives for this operation: a listed status, its content type, its schema. */
function conformance(o: Op, a: Answer): string | undefined {
  if (a.status >= 500) return `server error ${a.status}: ${a.text.slice(0, 200)}`;
  const documented = o.op.responses[String(a.status)];
  if (!documented) return `status ${a.status} is not documented for this operation (${a.text.slice(0, 160)})`;
  if (!documented.content) return a.text.length ? `status ${a.status} is documented without a body, got ${a.type}` : undefined;
  const media = documented.content[a.type];
  if (!media) return `status ${a.status} answered ${a.type || 'no content type'}; documented: ${Object.keys(documented.content).join(', ')}`;
  if (media.schema && /json$/.test(a.type)) {
    const validate = validatorOf(media.schema);
    if (!validate(a.body)) return `the ${a.status} body does not match its schema: ${ajv.errorsText(validate.errors)} in ${a.text.slice(0, 200)}`;
  }
  return undefined;
}

/** Which business refusals met valid data, by problem type (and field, for a 422): printed, to keep BUSINESS_FIELDS honest. */
const businessSeen = new Map<string, number>();

function isBusiness(o: Op, a: Answer): boolean {
  const problem = a.body as { type?: string; errors?: { field: string }[] };
  if (a.type !== 'application/problem+json' || typeof problem.type !== 'string') return false;
  const code = problem.type.slice(PROBLEM.length);
  let business = BUSINESS_PROBLEMS.has(problem.type) || code === 'not-a-video';
  if (code === 'validation-failed') {
    const allowed = new Set([...(BUSINESS_FIELDS[o.key] ?? []), ...ANY_OPERATION_BUSINESS_FIELDS]);
    business = (problem.errors ?? []).length > 0 && problem.errors!.every((e) => allowed.has(e.field));
  }
  if (business) {
    const reason = code === 'validation-failed' ? `${o.key} ${problem.errors!.map((e) => e.field).join(',')}` : code;
    businessSeen.set(reason, (businessSeen.get(reason) ?? 0) + 1);
  }
  return business;
}

// Budget: about 20 s on a server database, 50 s embedded; bounded well under CI's five minutes.
test('every operation, as learner, instructor and API key, answers as its OpenAPI document says', { timeout: 240_000 }, async () => {
  const failures: string[] = [];
  const reached = new Set<string>();
  const tally = { operations: 0, positive: 0, accepted: 0, business: 0, negative: 0, auth: 0 };
  const fail = (o: Op, who: string, what: string, c?: Case) => failures.push(`${o.key} as ${who}: ${what}${c ? ` — case ${JSON.stringify({ ...c, path: undefined }).slice(0, 300)}` : ''}`);
  for (const o of ops) {
    tally.operations++;
    const callers = callersOf(o);
    // Ignored auth: an operation with a security scheme refuses no credentials and forged ones alike.
    if (callers[0] !== 'anonymous') {
      const c = await positiveCase(o, callers[0]!, 0);
      for (const token of [undefined, 'forged.token.value']) {
        const a = await send(o, c, token);
        tally.auth++;
        if (a.status !== 401) fail(o, token ? 'a forged token' : 'nobody', `answered ${a.status}, not 401`);
        const wrong = conformance(o, a);
        if (wrong) fail(o, 'nobody', wrong);
      }
      // A credential of a scheme the operation does not list is refused too (403: the wrong kind of caller).
      const outsider = callers.includes('api key') ? (callers.includes('learner') ? undefined : 'learner') : 'api key';
      if (outsider) {
        const a = await send(o, c, credential(outsider));
        tally.auth++;
        if (a.status !== 403) fail(o, outsider, `a credential of a scheme the operation does not list answered ${a.status}, not 403`);
        const wrong = conformance(o, a);
        if (wrong) fail(o, outsider, wrong);
      }
    }
    for (const caller of callers) {
      const token = credential(caller);
      for (let i = 0; i < POSITIVE; i++) {
        const c = await positiveCase(o, caller, i);
        if (!validCase(o, c)) {
          fail(o, caller, 'json-schema-faker made a case the document refuses', c);
          continue;
        }
        const a = await send(o, c, token);
        tally.positive++;
        const wrong = conformance(o, a);
        if (wrong) fail(o, caller, wrong, c);
        else if (a.status < 300) {
          tally.accepted++;
          reached.add(o.key);
        }
        else if (isBusiness(o, a)) tally.business++;
        else fail(o, caller, `valid data refused: ${a.status} ${a.text.slice(0, 240)}`, c);
      }
      for (let i = 0; i < NEGATIVE; i++) {
        const c = await negativeCase(o, caller, i);
        if (!c) continue;
        const a = await send(o, c, token);
        tally.negative++;
        const wrong = conformance(o, a);
        if (wrong) fail(o, caller, wrong, c);
        else if (a.status < 400 || a.status >= 500 || a.type !== 'application/problem+json') fail(o, caller, `invalid data (${c.broken}) accepted: ${a.status}`, c);
      }
    }
  }
  console.log(`openapi fuzz: ${JSON.stringify(tally)}\nbusiness refusals of valid data: ${JSON.stringify(Object.fromEntries([...businessSeen].sort()))}\nno valid case accepted (every one refused for a business rule): ${ops.filter((o) => !reached.has(o.key)).map((o) => o.key).join('; ')}`);
  assert.equal(failures.length, 0, `${failures.length} mismatches between the document and the server:\n${failures.join('\n')}`);
  assert.deepEqual(ctx.unexpected, []);
  // Every operation was reached, and most valid cases got past validation to the service.
  assert.equal(tally.operations, ops.length);
  assert.ok(ops.length >= 50, `only ${ops.length} operations`);
  assert.ok(tally.accepted > tally.positive / 3, `only ${tally.accepted} of ${tally.positive} valid cases were accepted`);
});

/** Where the document was looser than the server (issue 15): each must now be refused by both. */
function formerlyLooser(): { key: string; path?: Record<string, string>; query?: Record<string, string>; body?: unknown }[] {
  const comment = { thread_id: w.threadId, t_start: 1 };
  const media = (url: string, type = 'url') => ({ title: 'Step', source: { type, url } });
  return [
    { key: 'post /comments', body: { ...comment, body: '' } },
    { key: 'post /comments', body: { ...comment, body: ' \t\n ' } },
    { key: 'patch /comments/{id}', body: {} },
    { key: 'post /comments/{id}/reports', body: { reason: '   ' } },
    { key: 'post /exercises', body: { ...media('https://media.example/a.mp4'), title: '  ' } },
    { key: 'post /exercises', body: media('ftp://media.example/a.mp4') },
    { key: 'post /exercises', body: media('ftp://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube') },
    { key: 'post /exercises', body: media('https://vimeo.com/76979871', 'youtube') },
    { key: 'patch /exercises/{id}', body: {} },
    { key: 'post /snippets', body: { title: ' ', body: 'x' } },
    { key: 'patch /markers/{id}', body: {} },
    { key: 'patch /me/notifications', body: {} },
    { key: 'patch /tenant', body: {} },
    { key: 'patch /tenant', body: { allowed_origins: ['https://lms.example/'] } },
    { key: 'patch /tenant', body: { allowed_origins: ['https://LMS.example'] } },
    { key: 'patch /tenant', body: { allowed_origins: ['https://lms.example:443'] } },
    { key: 'patch /tenant', body: { allowed_origins: ['ftp://lms.example'] } },
    { key: 'patch /tenant', body: { thread_link_template: 'https://lms.example/threads' } },
    { key: 'post /tokens', body: { user: { external_id: ' ', name: 'A', role: 'learner' } } },
    { key: 'post /media/uploads', body: { file_name: 'a.mp4', size: ctx.c.config.media.maxBytes + 1, content_type: 'video/mp4' } },
    { key: 'post /webhooks', body: { url: 'https://hooks.example/in', event_types: ['comment.created'], secret: 'whsec_short' } },
    { key: 'get /threads/{id}/comments', query: { since_seq: '' } },
    { key: 'get /threads/{id}/comments', query: { since_seq: '2147483648' } },
  ];
}

test('what the document was looser about is refused by the document and by the server alike', async () => {
  const failures: string[] = [];
  for (const f of formerlyLooser()) {
    const o = ops.find((x) => x.key === f.key);
    assert.ok(o, f.key);
    const c: Case = { path: { ...(pathIds(o.path) as Record<string, string>), ...f.path }, query: f.query ?? {}, body: f.body };
    if (validCase(o, c)) failures.push(`${f.key} ${JSON.stringify(f)}: the document calls it valid`);
    const caller = callersOf(o).includes('api key') && !f.key.includes('/comments') && !f.key.includes('/snippets') && !f.key.includes('/markers') && !f.key.includes('/me/') ? 'api key' : 'instructor';
    const a = await send(o, c, credential(caller));
    if (a.status < 400 || a.status >= 500 || a.type !== 'application/problem+json') failures.push(`${f.key} ${JSON.stringify(f)}: the server answered ${a.status}`);
    const wrong = conformance(o, a);
    if (wrong) failures.push(`${f.key}: ${wrong}`);
  }
  // POST /tokens's 403 (a user token, not the API key) is documented as the problem document it is.
  const tokens = ops.find((x) => x.key === 'post /tokens')!;
  assert.deepEqual(Object.keys(tokens.op.responses['403']!.content!), ['application/problem+json']);
  const a = await send(tokens, { path: {}, query: {}, body: { user: { external_id: 'x', name: 'X', role: 'learner' } } }, w.actors.author.token);
  assert.equal(a.status, 403);
  assert.equal(conformance(tokens, a), undefined);
  assert.deepEqual(failures, []);
});
