import { z } from 'zod';
import { Problem } from '../contract/common.ts';
import { EXAMPLES } from '../contract/examples.ts';
import { GUIDE } from '../contract/guide.ts';
import { PROBLEM_TYPE_BASE } from '../errors/problem-document.ts';
import { toOpenApiPath, type AnyRoute } from './route.ts';

type Json = Record<string, unknown>;

/** Named schemas (`.meta({ id })`) land in components and are referenced from operations. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' });
  const json = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  delete json.$schema;
  const defs = json.$defs as Json | undefined;
  if (defs) {
    Object.assign(components, defs);
    delete json.$defs;
  }
  return json;
}

const PROBLEM_JSON = 'application/problem+json';

interface Refusal {
  description: string;
  problems: string[];
}

/**
 * The refusals every operation of this kind can answer, whatever its domain: what authenticate(),
 * the route's validation and the rate limits refuse. The domain's own (a 409, a 422 of its rules)
 * are added from its contract. Each names its problem types, so the document says exactly which
 * `type` a client may branch on for each status.
 */
function refusalsOf(r: AnyRoute): Record<string, Refusal> {
  const out: Record<string, Refusal> = {};
  if (r.body) {
    out['400'] = { description: 'The body is not valid JSON', problems: ['bad-request'] };
    out['413'] = { description: 'The body is larger than the server accepts', problems: ['payload-too-large'] };
    out['415'] = { description: 'The body is not application/json', problems: ['unsupported-media-type'] };
  }
  if (r.auth !== 'none') {
    out['401'] = { description: 'Missing, expired or invalid token', problems: ['unauthorized'] };
    out['403'] = { description: 'The caller’s kind or role may not do this', problems: ['forbidden'] };
  }
  // A malformed id, or one the caller may not see, is a 404: names in the body too (a thread, an exercise).
  if (r.params || r.body || r.auth !== 'none') out['404'] = { description: 'No such resource, or not one the caller may see', problems: ['not-found'] };
  if (r.params || r.query || r.body) out['422'] = { description: 'A field is invalid; `errors` names each', problems: ['validation-failed'] };
  out['429'] = { description: 'Too many requests; `Retry-After` says when to come back', problems: ['rate-limited'] };
  out['503'] = { description: 'The service cannot answer now; `Retry-After` says when to come back', problems: ['unavailable'] };
  return out;
}

/** A problem document whose `type` is one of the listed problem types. */
function problemResponse(description: string, problems: string[]): Json {
  const types = problems.map((code) => `${PROBLEM_TYPE_BASE}${code}`);
  return {
    description: `${description} (problem type ${types.map((t) => `\`${t}\``).join(', ')})`,
    content: { [PROBLEM_JSON]: { schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { type: { enum: types } } }] } } },
  };
}

const SECURITY: Record<AnyRoute['auth'], Json[]> = {
  user: [{ userToken: [] }],
  api_key: [{ apiKey: [] }],
  either: [{ userToken: [] }, { apiKey: [] }],
  none: [],
};

const CREDENTIAL: Record<AnyRoute['auth'], string> = { user: '$ACCESS_TOKEN', api_key: '$API_KEY', either: '$ACCESS_TOKEN', none: '' };

function curlExample(r: AnyRoute, serverUrl: string, body: unknown): string {
  // Path parameters get a recognizable placeholder id (any UUID of the caller's own).
  const path = r.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (name === 'rendition' ? 'master' : `{${name}}`));
  const lines = [`curl -X ${r.method.toUpperCase()} '${serverUrl}${path}'`];
  if (r.auth !== 'none') lines.push(`  -H "Authorization: Bearer ${CREDENTIAL[r.auth]}"`);
  if (body !== undefined) lines.push(`  -H 'Content-Type: application/json'`, `  -d '${JSON.stringify(body)}'`);
  return lines.join(' \\\n');
}

/** OpenAPI 3.1, generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: AnyRoute[], info: { version: string; serverUrl: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const components: Json = {};
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => toSchema(schema, io, components);
  for (const r of routes) {
    const path = toOpenApiPath(r.path);
    const parameters: Json[] = [];
    if (r.params) {
      for (const [name, s] of Object.entries(r.params.shape)) {
        parameters.push({ name, in: 'path', required: true, schema: schemaOf(s as z.ZodType, 'input') });
      }
    }
    if (r.query) {
      for (const [name, s] of Object.entries(r.query.shape)) {
        const zs = s as z.ZodType;
        parameters.push({ name, in: 'query', required: !zs.safeParse(undefined).success, schema: schemaOf(zs, 'input') });
      }
    }
    for (const h of r.doc.headers ?? []) parameters.push({ name: h.name, in: 'header', required: false, description: h.description, schema: { type: 'string' } });
    const examples = EXAMPLES[`${r.method} ${r.path}`] ?? {};
    const responses: Json = {};
    const refusals = refusalsOf(r);
    for (const [status, spec] of Object.entries(r.doc.responses)) {
      if (spec.problems) refusals[status] = { description: spec.description, problems: [...new Set([...(refusals[status]?.problems ?? []), ...spec.problems])] };
      else {
        const example = examples.responses?.[Number(status)];
        const content = spec.content ?? (spec.schema ? { [spec.contentType ?? 'application/json']: spec.schema } : undefined);
        responses[status] = content
          ? {
              description: spec.description,
              content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema: schemaOf(schema, 'output'), ...(example === undefined ? {} : { example }) }])),
            }
          : { description: spec.description, ...(spec.contentType ? { content: { [spec.contentType]: {} } } : {}) };
      }
    }
    for (const [status, { description, problems }] of Object.entries(refusals).sort(([a], [b]) => Number(a) - Number(b))) {
      responses[status] = problemResponse(description, problems);
    }
    responses.default = { description: 'An error, as an RFC 9457 problem document', content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } } };
    const op: Json = {
      operationId: `${r.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.doc.summary,
      tags: [r.doc.tag],
      security: SECURITY[r.auth],
      parameters,
      responses,
    };
    if (r.body) {
      const example = examples.request === undefined ? {} : { example: examples.request };
      op.requestBody = { required: !r.body.safeParse(undefined).success, content: { 'application/json': { schema: schemaOf(r.body, 'input'), ...example } } };
    }
    // Every operation shows a request a partner can paste (the reference renders these as "Request samples").
    op['x-codeSamples'] = [{ lang: 'Shell', label: 'curl', source: curlExample(r, info.serverUrl, examples.request) }];
    (paths[path] ??= {})[r.method] = op;
  }
  // Problem is named (meta id), so this files it under components.
  schemaOf(Problem, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Exercise Threads API',
      version: info.version,
      description: GUIDE,
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A user access token from POST /tokens, the CLI or an LTI launch.' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'A tenant API key (etk_…), for server-to-server calls.' },
      },
    },
  };
}
