import { z } from 'zod';
import { Id, operations } from './common.ts';

export const ThreadExportQuery = z.strictObject({
  format: z.enum(['vtt', 'jsonld', 'csv'], { message: 'Must be vtt, jsonld or csv.' }),
  /** One attempt's comments; without it, the model video's. */
  attempt_id: Id.optional().meta({ description: 'One attempt’s comments (times on that attempt); without it, the comments on the exercise’s own video.' }),
});

export const ExerciseExportQuery = z.strictObject({
  format: z.enum(['jsonld', 'csv'], { message: 'Must be jsonld or csv.' }),
});

/** A W3C Web Annotation collection (JSON-LD): its items are the comments, as annotations. */
const WebAnnotationCollection = z.looseObject({ '@context': z.unknown(), type: z.string() }).meta({ id: 'WebAnnotationCollection' });

const file = (what: string) => ({ description: `${what}, streamed, with a download file name (Content-Disposition)` });

export const ExportOps = operations('Exports', {
  thread: {
    summary: 'Export a thread (its owner and its exercise’s authors): WebVTT (one cue per comment), W3C Web Annotation (JSON-LD) or CSV, of one video: the model’s comments, or with attempt_id one attempt’s; hidden and deleted comments are left out',
    responses: {
      200: {
        ...file('The thread as text/vtt, application/ld+json or text/csv'),
        content: { 'text/vtt': z.string(), 'application/ld+json': WebAnnotationCollection, 'text/csv': z.string() },
      },
    },
  },
  exercise: {
    summary: 'Export every thread of an exercise (its authors only): W3C Web Annotation (JSON-LD) or CSV of the comments on the exercise’s video (not those on attempts)',
    responses: { 200: { ...file('The exercise’s threads as application/ld+json or text/csv'), content: { 'application/ld+json': WebAnnotationCollection, 'text/csv': z.string() } } },
  },
});
