import type { Response } from 'express';

/**
 * Answers with JSON. Express's `res.json` also looks up settings, MIME types and charsets on every
 * call, work an API that only ever answers UTF-8 JSON does not need on its hottest path.
 * HEAD gets the headers alone (Node drops the body).
 */
export function sendJson(res: Response, status: number, body: unknown, headers?: Record<string, string>): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}
