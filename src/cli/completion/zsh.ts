import { header } from './header.js';
import { COMPLETION_COMMAND, COMPLETION_DESCRIPTION, SHELLS, type CompletedOption } from './spec.js';

/** `text` inside a single-quoted zsh word. */
const quoted = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/** Text for one field of an _arguments spec: its brackets and colons are syntax. */
const field = (text: string): string => text.replace(/[\\[\]:]/g, '\\$&');

/**
 * One _arguments spec: `(exclusions)names[summary]:message:action`. `--option=` accepts the value
 * in the same word after `=` or as the next word, as yargs does.
 */
function spec(o: CompletedOption): string {
  const exclusions = o.alone ? '(- *)' : `(${[o.short, o.long, ...o.excludes].filter(Boolean).join(' ')})`;
  const takesValue = o.value.kind !== 'none';
  const names = [o.short, takesValue ? `${o.long}=` : o.long].filter((n): n is string => n !== undefined);
  const described = `[${field(o.summary)}]`;
  let argument = '';
  if (o.value.kind === 'choices') argument = `:${field(o.valueName)}:(${o.value.choices.join(' ')})`;
  else if (o.value.kind === 'file') argument = `:${field(o.valueName)}:_files`;
  else if (o.value.kind === 'text') argument = `:${field(o.valueName)}: `;
  const after = `${described}${argument}`;
  return names.length === 1 ? quoted(exclusions + names[0] + after) : `${quoted(exclusions)}{${names.join(',')}}${quoted(after)}`;
}

export function zshScript(options: readonly CompletedOption[]): string {
  const body = [
    'local curcontext=$curcontext state state_descr line ret=1',
    'typeset -A opt_args',
    '',
    '_arguments -C \\',
    ...options.map((o) => `  ${spec(o)} \\`),
    "  '1: :->first' \\",
    "  '2: :->second' && ret=0",
    '',
    'case $state in',
    '  (first)',
    // The node id is typed; the command is the one word to offer.
    `    local -a commands=(${quoted(`${COMPLETION_COMMAND}:${COMPLETION_DESCRIPTION}`)})`,
    "    _message -e ids 'node id'",
    '    _describe -t commands command commands && ret=0 ;;',
    `  (second) [[ $line[1] == ${COMPLETION_COMMAND} ]] && _wanted shells expl shell compadd ${SHELLS.join(' ')} && ret=0 ;;`,
    'esac',
    'return ret',
  ];
  return ['#compdef ln-connect', ...header('zsh'), '', ...body, ''].join('\n');
}
