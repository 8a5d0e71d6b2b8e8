/** One member of data.json: a single value, or a list read in pages. */
export type JsonSection = { kind: 'value'; value: unknown } | { kind: 'list'; pages: AsyncIterable<readonly unknown[]> };

/**
 * data.json, written member by member and page by page, so a user with years of comments is
 * never whole in memory. Members keep the order given.
 */
export async function* jsonDocument(sections: readonly (readonly [string, JsonSection])[]): AsyncGenerator<string> {
  yield '{';
  for (const [i, [name, section]] of sections.entries()) {
    yield `${i ? ',' : ''}\n${JSON.stringify(name)}:`;
    if (section.kind === 'value') {
      yield JSON.stringify(section.value ?? null);
      continue;
    }
    yield '[';
    let first = true;
    for await (const page of section.pages) {
      if (!page.length) continue;
      yield `${first ? '' : ','}${page.map((item) => `\n${JSON.stringify(item)}`).join(',')}`;
      first = false;
    }
    yield ']';
  }
  yield '\n}\n';
}
