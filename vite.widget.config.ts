import { defineConfig } from 'vite';

// Two builds of the element, both into dist/widget (served by the API at /widget/):
//   default:        an ES module entry; hls.js and the YouTube adapter are separate lazy chunks.
//   --mode classic: one self-contained IIFE for pages that cannot load modules (hls.js inlined,
//                   because only ES output can split code).
export default defineConfig(({ mode }) => {
  const classic = mode === 'classic';
  return {
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: 'dist/widget',
      emptyOutDir: !classic,
      target: 'es2022',
      sourcemap: true,
      minify: true,
      lib: {
        entry: 'widget/src/exercise-thread.ts',
        formats: [classic ? 'iife' : 'es'],
        name: 'ExerciseThreads',
        fileName: () => (classic ? 'exercise-thread.classic.js' : 'exercise-thread.js'),
      },
      rollupOptions: {
        // Lib mode keeps whitespace in ES output (for consumers' tree shaking); this file is shipped as is.
        output: classic
          ? { minify: true }
          : { chunkFileNames: 'chunks/[name]-[hash].js', minify: true, codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] } },
      },
    },
  };
});
