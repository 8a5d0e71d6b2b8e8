import type { RequestHandler } from 'express';
import { pageHeaders } from './security-headers.ts';

const escape = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A readable reference, rendered on the server from the OpenAPI document (no CDN, no script). */
export function apiDocsPage(doc: Record<string, unknown>): RequestHandler[] {
  const paths = doc.paths as Record<string, Record<string, { summary: string; tags: string[]; security: unknown[]; parameters: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string }> }>>;
  const sections: string[] = [];
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters.map((p) => `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''})</li>`).join('');
      const body = op.requestBody ? `<details><summary>Request body</summary><pre>${escape(JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2))}</pre></details>` : '';
      const responses = Object.entries(op.responses).map(([s, r]) => `<li><code>${escape(s)}</code> ${escape(r.description)}</li>`).join('');
      sections.push(`<section><h3><span class="m">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3><p>${escape(op.summary)}</p>${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${body}<h4>Responses</h4><ul>${responses}</ul></section>`);
    }
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Exercise Threads API reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}section{border-top:1px solid #ccc;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-family:monospace;color:#0b5394}pre{background:#f4f4f4;padding:.5rem;overflow:auto}</style></head>
<body><h1>Exercise Threads API</h1><p>Base path <code>/api/v1</code>. Machine-readable description: <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code>.</p>${sections.join('\n')}</body></html>`;
  return [pageHeaders(), (_req, res) => void res.type('html').send(html)];
}
