import { bashScript } from './completion/bash.js';
import { fishScript } from './completion/fish.js';
import { completedOptions, type Shell } from './completion/spec.js';
import { zshScript } from './completion/zsh.js';

export {
  COMPLETION_COMMAND,
  COMPLETION_DESCRIPTION,
  COMPLETION_INSTALL,
  installCommand,
  SHELLS,
  STANDARD_OPTIONS,
  type Completable,
  type Shell,
} from './completion/spec.js';

/** The shell `ln-connect completion` writes for when none is named. */
export function loginShell(env: NodeJS.ProcessEnv = process.env): Shell {
  const shell = env['SHELL'] ?? '';
  if (shell.includes('zsh')) return 'zsh';
  if (shell.includes('fish')) return 'fish';
  return 'bash';
}

/**
 * The completion script for `shell`, written from the option table. Everything it offers is in
 * the script itself, so a TAB runs no program; completions/ holds the same scripts, and a test
 * checks that they are what this writes.
 */
export function completionScript(shell: Shell): string {
  const options = completedOptions();
  switch (shell) {
    case 'bash':
      return bashScript(options);
    case 'zsh':
      return zshScript(options);
    case 'fish':
      return fishScript(options);
  }
}
