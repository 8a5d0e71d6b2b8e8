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
    const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    for (const [status, spec] of Object.entries(r.doc.responses)) {
      if (spec.problems) {
        const types = spec.problems.map((code) => `\`${PROBLEM_TYPE_BASE}${code}\``).join(', ');
        responses[status] = { description: `${spec.description} (problem type ${types})`, ...problem };
      } else {
        const example = examples.responses?.[Number(status)];
        responses[status] = spec.schema
          ? { description: spec.description, content: { [spec.contentType ?? 'application/json']: { schema: schemaOf(spec.schema, 'output'), ...(example === undefined ? {} : { example }) } } }
          : { description: spec.description };
      }
    }
    responses.default = { description: 'An error, as an RFC 9457 problem document', ...problem };
    if (r.auth !== 'none') responses['401'] ??= { description: 'Missing, expired or invalid token', ...problem };
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
