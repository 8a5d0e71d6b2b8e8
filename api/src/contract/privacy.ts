import { z } from 'zod';
import { Id, operations, Timestamp } from './common.ts';

export const ErasureView = z
  .object({
    id: Id,
    status: z.enum(['pending', 'running', 'done', 'failed']),
    /** What became of the user's comments in others' threads (the tenant's erasure_policy when asked). */
    policy: z.enum(['tombstone', 'delete']),
    /** Rows and stored objects removed or cleared, by kind; filled in when done. */
    counts: z.record(z.string(), z.number()),
    created_at: Timestamp,
    finished_at: Timestamp.nullable(),
  })
  .meta({ id: 'Erasure' });

export const DataExportView = z
  .object({
    id: Id,
    status: z.enum(['pending', 'running', 'ready', 'failed', 'expired']),
    created_at: Timestamp,
    finished_at: Timestamp.nullable(),
    /** Until when the link works (24 hours after the archive was built). */
    expires_at: Timestamp.nullable(),
    size_bytes: z.number().nullable(),
    /** A signed link to the zip (data.json and media/), while ready and unexpired. */
    download_url: z.string().nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'DataExport' });

export const PrivacyOps = operations('Privacy', {
  erase: {
    summary: 'Erase a user (the tenant’s API key): threads, comments, reports, grades and media go; comments in others’ threads follow the tenant’s erasure_policy. Runs in the background; asking again answers the same erasure',
    responses: { 202: { description: 'The erasure, queued (or the earlier one for this user)', schema: ErasureView } },
  },
  erasure: { summary: 'An erasure’s state (the tenant’s API key)', responses: { 200: { description: 'The erasure', schema: ErasureView } } },
  exportMine: {
    summary: 'Ask for an archive of everything about oneself (data.json and media/), built in the background',
    responses: { 202: { description: 'The export, queued', schema: DataExportView } },
  },
  exportUser: {
    summary: 'Ask for an archive of everything about a named user (the tenant’s API key)',
    responses: { 202: { description: 'The export, queued', schema: DataExportView } },
  },
  export: {
    summary: 'A data export’s state and, once ready, a signed link valid 24 hours (the user it is about, or the tenant’s API key)',
    responses: { 200: { description: 'The export', schema: DataExportView } },
  },
});
