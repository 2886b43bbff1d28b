/**
 * Loads the bundled CLI through a V8 code cache kept between runs.
 *
 * A cron job pays ln-connect's start-up on every run, and compiling the bundle is a large part of
 * it. V8 can serialise compiled code. Taken at the end of a run, this cache also holds every
 * function the run compiled lazily: the handshake, the codecs, which Node's own compile cache
 * (22.1+) leaves out (src/launch/launch.ts has the figures). A run compiles only what it uses,
 * so a cache from a run that made no session (`--help`, a refused connection) is kept as partial,
 * and the first run that makes one replaces it.
 *
 * The cache is code that V8 will run, so it lives only where no other user can write: a directory
 * of our own, mode 700, under $XDG_CACHE_HOME or ~/.cache, never a shared temporary directory.
 * Its file name is a hash of the bundle's contents and the Node build, because V8 itself
 * compares only the source's length: a new bundle of the same length would otherwise run stale
 * code.
 */
import { hash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** How a load used the cache; `partial` is an accepted cache from a run that made no session. */
export type CacheUse = 'off' | 'absent' | 'rejected' | 'partial' | 'accepted';

export interface LoadedBundle {
  /** The bundle's module.exports. */
  readonly exports: unknown;
  readonly cache: CacheUse;
  /** The cache directory, made and found private; undefined when the cache is off. */
  readonly cacheDir: string | undefined;
  /**
   * Stores the compiled code, lazily compiled functions included, when the cache was absent or
   * rejected, or was partial and this run made a session (`complete`); call it once the run's
   * work is done. Never throws: the cache only saves time.
   */
  saveCache(complete: boolean): void;
}

const SUFFIX = '.v8cache';
const PARTIAL = '.partial';
const NODE_CACHE = 'node-';
/** Node's own switch for its compile cache; ours obeys it too. */
export const DISABLE_VARIABLE = 'NODE_DISABLE_COMPILE_CACHE';

/** Where the cache lives for this environment, or undefined when caching is off or there is no home. */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env[DISABLE_VARIABLE]) return undefined;
  // XDG says a relative $XDG_CACHE_HOME is invalid and must be ignored.
  const base = env['XDG_CACHE_HOME']?.startsWith('/') ? env['XDG_CACHE_HOME'] : env['HOME'] ? join(env['HOME'], '.cache') : undefined;
  return base === undefined ? undefined : join(base, 'ln-connect');
}

/**
 * The directory inside `cacheDir` for Node's own compile cache (src/launch/launch.ts): one per
 * Node build, so that the directories an upgrade leaves behind can be told apart and removed.
 */
export function nodeCacheDir(cacheDir: string): string {
  return join(cacheDir, `${NODE_CACHE}${process.version}-${process.arch}`);
}

/**
 * The parameters of the function a bundle is (scripts/bundle.ts): those of the function Node wraps
 * a CommonJS module in.
 */
export const BUNDLE_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'] as const;

/**
 * Compiles and runs a bundle, with the code cache in `cacheDir` (none when undefined). The file
 * holds one function expression of BUNDLE_PARAMETERS around CommonJS code.
 */
export function loadBundle(file: string, cacheDir: string | undefined): LoadedBundle {
  // Hashed as bytes: hashing the decoded string would encode all of it back to UTF-8 first.
  const bytes = readFileSync(file);
  const dir = cacheDir !== undefined && ownPrivateDir(cacheDir) ? cacheDir : undefined;
  const base = dir === undefined ? undefined : join(dir, cacheKey(bytes));
  const complete = base === undefined ? undefined : readIfPresent(base + SUFFIX);
  const partial = base === undefined || complete !== undefined ? undefined : readIfPresent(base + PARTIAL + SUFFIX);
  const cachedData = complete ?? partial;

  const script = new Script(bytes.toString('utf8'), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));

  const cache = base === undefined ? 'off' : cacheUse(cachedData, script.cachedDataRejected === true, partial !== undefined);
  return {
    exports: module.exports,
    cache,
    cacheDir: dir,
    saveCache: (completeRun) => {
      if (base === undefined || cache === 'accepted' || (cache === 'partial' && !completeRun)) return;
      replaceCache(base + (completeRun ? '' : PARTIAL) + SUFFIX, script.createCachedData());
    },
  };
}

function cacheUse(cachedData: Buffer | undefined, rejected: boolean, partial: boolean): CacheUse {
  if (cachedData === undefined) return 'absent';
  if (rejected) return 'rejected';
  return partial ? 'partial' : 'accepted';
}

function cacheKey(bundle: Buffer): string {
  // One-shot hashes: createHash() sets up a stream object first, which a run pays for.
  return hash('sha256', `${process.version} ${process.arch} ${hash('sha256', bundle, 'hex')}`, 'hex').slice(0, 32);
}

/**
 * Creates the directory (mode 700) if needed, and its parent (~/.cache on a fresh account); true
 * only if it is ours and nobody else may write in it. Not mkdir's `recursive`: on Node 20 it
 * loops forever where mkdir says ENOENT for a directory that exists (HOME=/proc).
 */
function ownPrivateDir(dir: string): boolean {
  try {
    makeDir(dir);
    const stat = lstatSync(dir);
    return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT') throw err;
    mkdirSync(dirname(dir), { mode: 0o700 });
    mkdirSync(dir, { mode: 0o700 });
  }
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes the new cache under a temporary name and renames it into place, so a concurrent run
 * reads either no cache or a whole one; then removes every other cache: a partial one this
 * replaces, or other bundles' and Node builds' (an upgrade's leftovers, each a few hundred
 * kilobytes), and Node's own caches for other Node builds.
 */
function replaceCache(cacheFile: string, data: Buffer): void {
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, cacheFile);
    const dir = dirname(cacheFile);
    const current = [cacheFile, nodeCacheDir(dir)];
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (current.includes(path)) continue;
      if (name.endsWith(SUFFIX)) unlinkSync(path);
      else if (name.startsWith(NODE_CACHE)) rmSync(path, { recursive: true, force: true });
    }
  } catch {
    // A read-only or full disk costs this run nothing but the time the cache would have saved.
  }
}
