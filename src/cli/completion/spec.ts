import { OPTIONS, type OptionSpec } from '../options.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const COMPLETION_COMMAND = 'completion';

export const COMPLETION_DESCRIPTION = 'Print the bash, zsh or fish completion script (default: the shell $SHELL names)';

/**
 * Where each shell finds a user's completion script, and the name it looks for there: the one
 * location that the README, the man page and each script's own header give. The package's
 * completions/ holds the scripts under the same names.
 */
export const COMPLETION_INSTALL: Readonly<Record<Shell, { readonly dir: string; readonly file: string; readonly note: string }>> = {
  bash: { dir: '~/.local/share/bash-completion/completions', file: 'ln-connect', note: 'Loaded by bash-completion the first time ln-connect is completed' },
  zsh: { dir: '~/.zfunc', file: '_ln-connect', note: 'Needs fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc' },
  fish: { dir: '~/.config/fish/completions', file: 'ln-connect.fish', note: 'Loaded by fish the first time ln-connect is completed' },
};

/** The command that installs the script for `shell`, as the documents show it. */
export const installCommand = (shell: Shell): string =>
  `ln-connect ${COMPLETION_COMMAND} ${shell} > ${COMPLETION_INSTALL[shell].dir}/${COMPLETION_INSTALL[shell].file}`;

/** What a completion needs to know of an option: the table's columns, less the documentation. */
export type Completable = Pick<OptionSpec, 'name' | 'alias' | 'type' | 'value' | 'choices' | 'description'>;

/** yargs' own options, which buildParser adds to the table's. */
export const STANDARD_OPTIONS: readonly Completable[] = [
  { name: 'help', alias: 'h', type: 'boolean', description: 'Show the options, examples and exit statuses' },
  { name: 'version', alias: 'V', type: 'boolean', description: 'Show the version number' },
];

/** What TAB offers after an option. */
export type ValueCompletion =
  | { readonly kind: 'none' }
  | { readonly kind: 'choices'; readonly choices: readonly string[] }
  /** A path, or a value one of whose forms is a path (`--listen [HOST:]PORT|PATH`). */
  | { readonly kind: 'file' }
  /** A value nothing can guess (a host, a number). */
  | { readonly kind: 'text' };

export interface CompletedOption {
  /** `--network` */
  readonly long: string;
  /** `-n` */
  readonly short: string | undefined;
  /** One line for the shells that show descriptions. */
  readonly summary: string;
  readonly value: ValueCompletion;
  /** What the value is called (`NETWORK`, `[HOST:]PORT|PATH`), for the shells that show it. */
  readonly valueName: string;
  /** Options that make this one pointless once given (its other spelling is implied). */
  readonly excludes: readonly string[];
  /** --help and --version: nothing else on the line matters. */
  readonly alone: boolean;
}

/** The value words of `value` that name a path. */
const PATH_WORDS = /\b(FILE|PATH)\b/;

/**
 * Every option the shells complete, from the table: yargs' own, then the table's in its order,
 * each boolean whose description documents its `--no-` form followed by that form.
 */
export function completedOptions(table: readonly OptionSpec[] = OPTIONS): CompletedOption[] {
  const options: CompletedOption[] = STANDARD_OPTIONS.map((o) => ({ ...describeOption(o), alone: true }));
  for (const o of table) {
    const negation = `--no-${o.name}`;
    const negatable = o.type === 'boolean' && o.description.includes(negation);
    options.push({ ...describeOption(o), excludes: negatable ? [negation] : [], alone: false });
    if (negatable) {
      const opposite = { long: negation, short: undefined, summary: `The opposite of --${o.name}`, value: { kind: 'none' }, valueName: '' } as const;
      options.push({ ...opposite, excludes: [`--${o.name}`], alone: false });
    }
  }
  return options;
}

function describeOption(o: Completable): Omit<CompletedOption, 'alone'> {
  return {
    long: `--${o.name}`,
    short: o.alias ? `-${o.alias}` : undefined,
    summary: summary(o.description),
    value: valueCompletion(o),
    valueName: o.value ?? '',
    excludes: [],
  };
}

function valueCompletion(o: Completable): ValueCompletion {
  if (o.type === 'boolean') return { kind: 'none' };
  if (o.choices) return { kind: 'choices', choices: o.choices };
  if (o.value && PATH_WORDS.test(o.value)) return { kind: 'file' };
  return { kind: 'text' };
}

/** The description's first clause, as plain text: the shells show one short line per option. */
function summary(description: string): string {
  return description.split(/; | \(/)[0]!.replaceAll('`', '');
}
