/**
 * The bundle's entry point (scripts/bundle.ts): all that bin/ln-connect.js needs from the CLI.
 * `sessionMade` tells the launcher whether this run went through the connect path, so that the
 * code it compiled is worth keeping as a complete code cache (src/launch/compile-cache.ts).
 */
import { main as runCli } from '../cli/main.js';

let made = false;

/** Runs the CLI on `argv` (without node and the script) and resolves to its exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const { status, connected } = await runCli(argv);
  made = connected;
  return status;
}

/** Whether the run made a session (either side: connected, or accepted with --listen). */
export const sessionMade = (): boolean => made;
