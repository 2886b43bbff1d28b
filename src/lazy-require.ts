import { createRequire } from 'node:module';

/**
 * require() for what is loaded only on first use (chalk, ora, node:tls, node:dns), where
 * import() would be the usual choice: the CLI runs as a script that node:vm compiles from a code
 * cache (src/launch/compile-cache.ts), and such a script's import() has no module loader on
 * Node 20. chalk and ora are ES modules, which Node 20.19 and later require() synchronously.
 */
export const requireLazily = createRequire(import.meta.url);
