/**
 * The bundle's entry point (scripts/bundle.ts): all that bin/ln-connect.js needs from the CLI.
 * `sessionMade` tells the launcher whether this run went through the connect path, so that the
 * code it compiled is worth keeping as a complete code cache (src/launch/compile-cache.ts).
 */
export { main, madeSession as sessionMade } from '../cli/main.js';
