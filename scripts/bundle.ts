/**
 * Bundles the CLI into one file, dist/ln-connect.cjs, which bin/ln-connect.js loads. Every run
 * loads the whole CLI before it dials, so how it loads shows in every run. On a 2-core VM where
 * `node -e 0` takes about 110 ms, refusing a connection took 300 ms with the CLI's 114 modules
 * (57 of them from node_modules) loaded one by one, then:
 *
 *   217 ms  bundled into one file;
 *   183 ms  with yargs' help-layout modules loaded on their first call (ON_FIRST_CALL below);
 *   174 ms  as CommonJS, loaded by a CommonJS bin: Node sets up its ES module loader only for an
 *           ES module entry;
 *   169 ms  with whitespace and syntax minified; names are kept, so a --debug stack still reads.
 *
 * chalk and ora stay outside, imported from node_modules by the CLI only when a terminal wants
 * colour or a spinner, so a script or cron run never loads them.
 */
import { build, type Plugin } from 'esbuild';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_PARAMETERS } from '../src/launch/compile-cache.js';

/**
 * yargs imports these to lay out --help, and they do costly work as they load: string-width builds
 * an Intl.Segmenter and a \p{RGI_Emoji} regex, and yargs' tree holds three copies of it. Each
 * import gets a stand-in whose default export (a function, in both) loads the real module on its
 * first call: esbuild evaluates a bundled module that is require()d only when require() runs.
 */
const ON_FIRST_CALL = /^(cliui|string-width)$/;

const onFirstCall: Plugin = {
  name: 'on-first-call',
  setup(bundle) {
    bundle.onResolve({ filter: ON_FIRST_CALL }, async ({ path, resolveDir, kind, namespace }) => {
      if (namespace === 'on-first-call') return undefined;
      const real = await bundle.resolve(path, { resolveDir, kind, namespace: 'on-first-call' });
      return real.errors.length > 0 ? { errors: real.errors } : { path: real.path, namespace: 'on-first-call' };
    });
    bundle.onLoad({ filter: /.*/, namespace: 'on-first-call' }, ({ path }) => ({
      contents: `export default (...args) => require(${JSON.stringify(path)}).default(...args);`,
      resolveDir: dirname(path),
      loader: 'js',
    }));
  },
};

/**
 * yargs looks for a package.json only to guess a version, which its factory does for every parser
 * before ln-connect sets its own, and for pkgConf(), which ln-connect does not use. It starts from
 * the part of its own path before `node_modules`; bundled, there is none, and it fell back to the
 * working directory: every run read the listing of wherever it ran (50 ms more in a directory of
 * 50,000 files) and hung where a FIFO was named package.json. Given the package root, it still
 * read that listing and our package.json on every run. Its finder (escalade) gets a stand-in that
 * finds nothing, so yargs reads no file at all; it then guesses 'unknown' and we set the version.
 */
const YARGS_FIND_UP: Plugin = {
  name: 'yargs-find-up',
  setup(bundle) {
    bundle.onResolve({ filter: /^escalade\/sync$/ }, () => ({ path: 'escalade/sync', namespace: 'yargs-find-up' }));
    bundle.onLoad({ filter: /.*/, namespace: 'yargs-find-up' }, () => ({ contents: 'export default () => undefined;', loader: 'js' }));
  },
};

/**
 * yargs imports node:assert for checks of how it is called, and loading node:assert costs more than
 * all of them: it loads six more modules, one of which sets up process.stderr to see whether it has
 * colours. The stand-in makes the same checks (Object.is, node:assert's strict equality). One of
 * them fails on every run, caught by yargs itself: no package.json was found (YARGS_FIND_UP).
 */
const YARGS_ASSERT: Plugin = {
  name: 'yargs-assert',
  setup(bundle) {
    bundle.onResolve({ filter: /^assert$/ }, ({ importer }) => (/[\\/]yargs[\\/]/.test(importer) ? { path: 'assert', namespace: 'yargs-assert' } : undefined));
    bundle.onLoad({ filter: /.*/, namespace: 'yargs-assert' }, () => ({
      contents: `
        export const strictEqual = (actual, expected, message) => {
          if (!Object.is(actual, expected)) throw new Error(message ?? 'yargs: expected values to be strictly equal');
        };
        export const notStrictEqual = (actual, expected, message) => {
          if (Object.is(actual, expected)) throw new Error(message ?? 'yargs: expected values to differ');
        };`,
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: fileURLToPath(new URL('../../', import.meta.url)),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
} as const;

await build({
  ...common,
  entryPoints: ['src/launch/entry.ts'],
  outfile: 'dist/ln-connect.cjs',
  external: ['chalk', 'ora'],
  plugins: [onFirstCall, YARGS_FIND_UP, YARGS_ASSERT],
  // yargs (an ES module) finds its own files from import.meta.url, which CommonJS does not have.
  define: { 'import.meta.url': 'importMetaUrl' },
  // The file is the function Node would wrap a CommonJS module in, ready for the launcher to compile
  // as it is (src/launch/compile-cache.ts): wrapping it there took one more copy of its 300 kB.
  // "use strict" comes first, where it is a directive: the sources are ES modules, strict code.
  banner: { js: `(function (${BUNDLE_PARAMETERS.join(', ')}) {"use strict";const importMetaUrl = require("node:url").pathToFileURL(__filename).href;` },
  footer: { js: '})' },
});

// bin/ln-connect.js: what loads the bundle above (src/launch/launch.ts).
await build({ ...common, entryPoints: ['src/launch/launch.ts'], outfile: 'dist/launch.cjs' });
