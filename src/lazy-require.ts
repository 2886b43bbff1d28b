import { createRequire } from 'node:module';

/**
 * require() for what is loaded only on first use (chalk, ora, node:tls, node:dns): synchronous,
 * where the code that needs them is, and usable in the bundled CLI, which bin/ln-connect.js runs
 * as a node:vm script compiled with its code cache (src/launch/compile-cache.ts): such a script's
 * import() has no module loader, on every Node version. chalk and ora are ES modules, which
 * Node 20.19 and later require() synchronously.
 */
export const requireLazily = createRequire(import.meta.url);
