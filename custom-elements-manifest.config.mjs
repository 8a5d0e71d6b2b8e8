import { readFileSync } from 'node:fs';

/** Lit's `{ state: true }` properties are internal: keep them out of the public attributes and members. */
function litStateIsPrivate() {
  return {
    name: 'lit-state-is-private',
    packageLinkPhase({ customElementsManifest: m }) {
      for (const mod of m.modules) {
        const source = readFileSync(mod.path, 'utf8');
        const states = new Set([...source.matchAll(/(\w+): \{ state: true \}/g)].map((x) => x[1]));
        for (const d of mod.declarations ?? []) {
          d.attributes = d.attributes?.filter((a) => !states.has(a.fieldName ?? a.name));
          for (const member of d.members ?? []) if (states.has(member.name)) member.privacy = 'private';
        }
      }
    },
  };
}

// `custom-elements.json` from the elements' JSDoc (@tag, @fires, @csspart, @cssproperty): editors and docs read it.
export default {
  globs: ['widget/src/exercise-thread.ts', 'widget/src/elements/*.ts'],
  exclude: ['**/*.styles.ts'],
  outdir: 'dist/widget',
  litelement: true,
  // Do not write a `customElements` field into package.json.
  packagejson: false,
  plugins: [litStateIsPrivate()],
};
