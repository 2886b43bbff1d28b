/**
 * What bin/ln-connect.js runs: the bundled CLI (dist/ln-connect.cjs), loaded through the code cache.
 *
 * Measured on Node 20, 22 and 24 (`npm run bench:startup`), this cache pays on every version, and
 * more than Node's own: module.enableCompileCache() (Node 22.1+) keeps a file's code as compiled
 * when it loads, without the functions compiled lazily as the run goes on (the handshake, the
 * codecs), and a connection through it took 0.3x-0.4x the CPU time of `node -e 0` more than
 * through ours. Node's cache serves what loads outside the bundle (chalk and ora, only on a
 * terminal: 5-8 ms less of the 70-110 ms of CPU time they take to load), in a directory inside ours.
 */
import * as nodeModule from 'node:module';
import { EXIT_INTERNAL } from '../errors.js';
import { compileCacheDir, loadBundle, nodeCacheDir, type LoadedBundle } from './compile-cache.js';

/** The bundle's exports (src/launch/entry.ts). */
export interface CliBundle {
  main(argv: readonly string[]): Promise<number>;
  sessionMade(): boolean;
}

/**
 * Runs the CLI in `bundleFile` on `argv` and resolves to its exit status. Never rejects: main()
 * reports its own failures, and a bundle that cannot be loaded is an internal error (exit 5).
 */
export async function launch(bundleFile: string, argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let bundle: LoadedBundle;
  try {
    bundle = loadBundle(bundleFile, compileCacheDir(env));
  } catch (err) {
    process.stderr.write(`ln-connect: internal error: cannot load ${bundleFile}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_INTERNAL;
  }
  if (bundle.cacheDir !== undefined) enableNodeCompileCache(nodeCacheDir(bundle.cacheDir));
  const cli = bundle.exports as CliBundle;
  const status = await cli.main(argv);
  bundle.saveCache(cli.sessionMade());
  return status;
}

/** Node 22.1 and later; on Node 20 it does nothing. It never throws: failures come back as a status. */
function enableNodeCompileCache(dir: string): void {
  (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(dir);
}
