import { create as contentDisposition } from 'content-disposition';
import { IdParams } from '../contract/common.ts';
import { ExerciseExportQuery, ExportOps, ThreadExportQuery } from '../contract/exports.ts';
import { route, streamed } from '../http/route.ts';
import type { ExportFile, ExportsService } from './exports.service.ts';

const download = (file: ExportFile) => streamed(file.chunks, { 'Content-Type': file.contentType, 'Content-Disposition': contentDisposition(file.fileName) });

export function exportsRoutes(exports: ExportsService) {
  return [
    route({
      method: 'get', path: '/threads/:id/export', auth: 'user', params: IdParams, query: ThreadExportQuery, doc: ExportOps.thread,
      handler: async ({ principal, params, query }) => download(await exports.thread(principal, params.id, query.format, query.attempt_id)),
    }),
    route({
      method: 'get', path: '/exercises/:id/export', auth: 'user', params: IdParams, query: ExerciseExportQuery, doc: ExportOps.exercise,
      handler: async ({ principal, params, query }) => download(await exports.exercise(principal, params.id, query.format)),
    }),
  ];
}
