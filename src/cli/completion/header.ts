import { installCommand, COMPLETION_INSTALL, type Shell } from './spec.js';

/** The comment every script opens with: what it is, and the one place to install it. */
export function header(shell: Shell): string[] {
  return [
    `ln-connect's ${shell} completion, written by scripts/gen-completions.ts from the option table`,
    '(src/cli/options.ts); do not edit. A TAB runs no program: after upgrading ln-connect, install',
    'this script again. Install:',
    `  ${installCommand(shell)}`,
    `(${COMPLETION_INSTALL[shell].note}).`,
  ].map((line) => `# ${line}`);
}
