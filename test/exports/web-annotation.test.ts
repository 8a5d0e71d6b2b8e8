import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import jsonld from 'jsonld';
import { ANNO_CONTEXT, mediaFragment, toWebAnnotation, type AnnotationIris } from '../../api/src/exports/web-annotation.ts';
import { collect, comment, pagesOf, subject, tricky } from './export-fixture.ts';

const OA = 'http://www.w3.org/ns/oa#';
const AS = 'http://www.w3.org/ns/activitystreams#';
const RDF_VALUE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#value';
const CONFORMS_TO = 'http://purl.org/dc/terms/conformsTo';

// The committed W3C context, served to the processor: a test never fetches it.
const context = JSON.parse(await readFile(new URL('./fixtures/anno.jsonld', import.meta.url), 'utf8'));
const documentLoader = async (url: string) => {
  if (url !== ANNO_CONTEXT) throw new Error(`The test fetches nothing: ${url}`);
  return { contextUrl: undefined, document: context, documentUrl: url };
};

const iris: AnnotationIris = {
  collection: 'https://tool.example/api/v1/threads/t1/export?format=jsonld',
  video: 'https://media.example/box.mp4',
  thread: (id) => `https://tool.example/api/v1/threads/${id}`,
  comment: (id) => `https://tool.example/api/v1/comments/${id}`,
};

type Node = Record<string, unknown[]>;
const ids = (v: unknown) => (v as { '@id': string }[]).map((x) => x['@id']);
const value = (v: unknown) => (v as { '@value': unknown }[])[0]!['@value'];

/** Expanded with `safe`, which fails on any term the context does not define (a term lost in RDF). */
async function expand(text: string) {
  const doc = JSON.parse(text);
  const [collection] = (await jsonld.expand(doc, { documentLoader, safe: true } as object)) as Node[];
  const [page] = collection![`${AS}first`] as Node[];
  const items = (page![`${AS}items`] as { '@list': Node[] }[])[0]!['@list'];
  return { doc, collection: collection!, items };
}

/** Reads a Media Fragments temporal value back into milliseconds ([start, end] or [start]). */
function parseFragment(v: string): number[] {
  const m = /^t=(?:npt:)?(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?$/.exec(v);
  assert.ok(m, v);
  return [m[1], m[2]].filter((x) => x !== undefined).map((x) => Math.round(Number(x) * 1000));
}

describe('W3C Web Annotation export', () => {
  test('expands with the committed context, every term defined; an AnnotationCollection of Annotations', async () => {
    const rows = tricky();
    const { text } = await collect(toWebAnnotation(subject, iris, pagesOf(rows)));
    const { doc, collection, items } = await expand(text);
    assert.equal(doc['@context'], ANNO_CONTEXT);
    assert.equal(collection['@id'] as unknown, iris.collection);
    assert.deepEqual(collection['@type'], [`${AS}OrderedCollection`]);
    const shown = rows.filter((r) => !r.hidden && !r.deleted);
    assert.deepEqual(items.map((a) => a['@id'] as unknown), shown.map((r) => iris.comment(r.id)));
    for (const [i, a] of items.entries()) {
      const row = shown[i]!;
      assert.deepEqual(a['@type'], [`${OA}Annotation`]);
      const [body] = a[`${OA}hasBody`] as Node[];
      assert.deepEqual(body!['@type'], [`${OA}TextualBody`]);
      assert.equal(value(body![RDF_VALUE]), row.body);
      const [creator] = a['http://purl.org/dc/terms/creator'] as Node[];
      assert.equal(value(creator!['http://xmlns.com/foaf/0.1/name']), row.author_name);
      assert.equal(value(a['http://purl.org/dc/terms/created']), row.created_at);
      assert.equal(value(a['http://purl.org/dc/terms/modified']), row.updated_at);
      assert.deepEqual(ids(a[`${OA}motivatedBy`]), [`${OA}${row.parent_id ? 'replying' : 'commenting'}`]);
    }
  });

  test('each selector denotes the comment’s exact time range; a reply targets its parent annotation', async () => {
    const rows = tricky();
    const { text } = await collect(toWebAnnotation(subject, iris, pagesOf(rows)));
    const { items } = await expand(text);
    const shown = rows.filter((r) => !r.hidden && !r.deleted);
    for (const [i, a] of items.entries()) {
      const row = shown[i]!;
      const [target] = a[`${OA}hasTarget`] as Node[];
      if (row.parent_id && row.parent_exported) {
        assert.equal(target!['@id'] as unknown, iris.comment(row.parent_id));
        assert.equal(target![`${OA}hasSelector`], undefined);
        continue;
      }
      // A top comment, or a reply whose parent was left out: the video at the comment's own time.
      assert.deepEqual(ids(target![`${OA}hasSource`]), [iris.video]);
      assert.deepEqual(ids(target![`${OA}hasScope`]), [iris.thread(row.thread_id)]);
      const [selector] = target![`${OA}hasSelector`] as Node[];
      assert.deepEqual(selector!['@type'], [`${OA}FragmentSelector`]);
      assert.deepEqual(ids(selector![CONFORMS_TO]), ['http://www.w3.org/TR/media-frags/']);
      const ms = parseFragment(value(selector![RDF_VALUE]) as string);
      assert.deepEqual(ms, row.t_start_ms === row.t_end_ms ? [row.t_start_ms] : [row.t_start_ms, row.t_end_ms]);
    }
  });

  test('Media Fragments values are exact: t=12.5,14; a point is its begin', () => {
    assert.equal(mediaFragment({ t_start_ms: 12_500, t_end_ms: 14_000 }), 't=12.5,14');
    assert.equal(mediaFragment({ t_start_ms: 1, t_end_ms: 61_234 }), 't=0.001,61.234');
    assert.equal(mediaFragment({ t_start_ms: 12_500, t_end_ms: 12_500 }), 't=12.5');
  });

  test('streams in chunks and stays valid JSON with nothing to show', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => comment(i + 1));
    const { text, count } = await collect(toWebAnnotation(subject, iris, pagesOf(rows, 10)));
    assert.equal(count, 1 + 3 + 1);
    assert.equal((await expand(text)).items.length, 25);
    const empty = await collect(toWebAnnotation({ exercise: subject.exercise }, iris, pagesOf([comment(1, { deleted: true })])));
    const parsed = await expand(empty.text);
    assert.equal(parsed.items.length, 0);
    assert.equal(parsed.doc.label, 'Box step');
  });
});
