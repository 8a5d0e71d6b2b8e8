import { isExported, isPoint, msToDecimalSeconds, type ExportComment, type ExportPages, type ExportSubject } from './export-rows.ts';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const MEDIA_FRAGMENTS = 'http://www.w3.org/TR/media-frags/';

/** The IRIs an export names things by; the service builds them from the tool's public URL. */
export interface AnnotationIris {
  collection: string;
  /** The video every annotation targets. */
  video: string;
  /** The thread a comment belongs to: each target's `scope`. */
  thread(threadId: string): string;
  comment(commentId: string): string;
}

/**
 * The Media Fragments temporal value of a comment: `t=12.5,14` for a range. A point has no
 * non-empty interval (`t=3,3` is invalid Media Fragments), so it is named by its begin alone,
 * `t=12.5`, the instant from which the video plays.
 */
export function mediaFragment(c: Pick<ExportComment, 't_start_ms' | 't_end_ms'>): string {
  const start = msToDecimalSeconds(c.t_start_ms);
  return isPoint(c) ? `t=${start}` : `t=${start},${msToDecimalSeconds(c.t_end_ms)}`;
}

/**
 * One comment as a W3C Web Annotation. A top comment targets the video through a
 * FragmentSelector (Media Fragments), scoped to its thread; a reply targets its parent's
 * annotation, or the video at its own time when the parent is not exported (hidden, deleted).
 *
 * Drawings, once comments carry them, go in the same target as a second dimension: the
 * FragmentSelector `refinedBy` an `SvgSelector` whose `value` is the drawing's SVG document in
 * the video frame's coordinates, so the time stays the outer selection.
 */
export function toAnnotation(c: ExportComment, iris: AnnotationIris): Record<string, unknown> {
  const replyToExported = c.parent_id !== null && c.parent_exported;
  return {
    id: iris.comment(c.id),
    type: 'Annotation',
    motivation: c.parent_id === null ? 'commenting' : 'replying',
    creator: { id: `urn:uuid:${c.author_id}`, type: 'Person', name: c.author_name },
    created: c.created_at,
    modified: c.updated_at,
    body: { type: 'TextualBody', value: c.body, format: 'text/plain' },
    target: replyToExported
      ? iris.comment(c.parent_id!)
      : {
          source: iris.video,
          scope: iris.thread(c.thread_id),
          selector: { type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS, value: mediaFragment(c) },
        },
  };
}

/**
 * An AnnotationCollection with one embedded AnnotationPage holding every exported comment,
 * written as it is read: the document is never whole in memory. It states no `total`, which it
 * would have to count before the pages are read and which a comment posted meanwhile would falsify.
 */
export async function* toWebAnnotation(subject: ExportSubject, iris: AnnotationIris, pages: ExportPages): AsyncGenerator<string> {
  const label = subject.thread ? `${subject.exercise.title} — ${subject.thread.student_name}` : subject.exercise.title;
  const head = { '@context': ANNO_CONTEXT, id: iris.collection, type: 'AnnotationCollection', label };
  // The head's closing brace is replaced by the embedded page, which the tail closes.
  yield `${JSON.stringify(head).slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`;
  let first = true;
  for await (const page of pages) {
    let chunk = '';
    for (const c of page) {
      if (!isExported(c)) continue;
      chunk += `${first ? '' : ','}\n${JSON.stringify(toAnnotation(c, iris))}`;
      first = false;
    }
    if (chunk) yield chunk;
  }
  yield '\n]}}\n';
}
