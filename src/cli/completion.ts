import yargs from 'yargs';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const COMPLETION_COMMAND = 'completion';

/** The names the shells look for: bash-completion's and fish's completion dirs, and zsh's $fpath. */
export const COMPLETION_FILES: Readonly<Record<Shell, string>> = {
  bash: 'ln-connect.bash',
  zsh: '_ln-connect',
  fish: 'ln-connect.fish',
};

export const COMPLETION_DESCRIPTION = 'Print the bash, zsh or fish completion script (default: the shell $SHELL names)';

/** The shell `ln-connect completion` writes for when none is named: yargs' own guess from $SHELL. */
export function loginShell(env: NodeJS.ProcessEnv = process.env): Shell {
  const shell = env['SHELL'] ?? '';
  if (shell.includes('zsh')) return 'zsh';
  if (shell.includes('fish')) return 'fish';
  return 'bash';
}

/**
 * yargs' completion script for `shell`. Each TAB runs `ln-connect --get-yargs-completions`, which
 * completes options, `--network` values and the `completion` command from the same parser as
 * `--help`, so the scripts never list an option that does not exist.
 */
export function completionScript(shell: Shell): string {
  const template = withShell(shell, () => {
    let output = '';
    yargs()
      .scriptName('ln-connect')
      .completion(COMPLETION_COMMAND, false)
      .parse([COMPLETION_COMMAND], (_error: unknown, _argv: unknown, text: string) => (output = text));
    return output;
  });
  // yargs also formats the candidates by $SHELL (zsh wants `--network:description`), so each script
  // says which shell is asking: a bash user whose login shell is zsh would otherwise be offered
  // `--network:Chain:...` as one word.
  const call = 'ln-connect --get-yargs-completions';
  if (!template.includes(call)) throw new Error(`yargs' ${shell} completion template no longer calls '${call}'`);
  return template.replace(call, `env SHELL=${shell} ${call}`);
}

/** yargs reads $SHELL (and $ZSH_NAME) once, when an instance is created, to pick its template. */
function withShell<T>(shell: Shell, body: () => T): T {
  const saved = { SHELL: process.env['SHELL'], ZSH_NAME: process.env['ZSH_NAME'] };
  process.env['SHELL'] = `/bin/${shell}`;
  delete process.env['ZSH_NAME'];
  try {
    return body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
