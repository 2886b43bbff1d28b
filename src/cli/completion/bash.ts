import { header } from './header.js';
import { COMPLETION_COMMAND, SHELLS, type CompletedOption } from './spec.js';

/**
 * A bash completion function. It needs bash 4 (mapfile, compopt) and nothing else: it works
 * without bash-completion's helpers, which only load it.
 */
export function bashScript(options: readonly CompletedOption[]): string {
  const names = (o: CompletedOption): string[] => (o.short ? [o.short, o.long] : [o.long]);
  const pattern = (list: readonly CompletedOption[]): string => list.flatMap(names).join('|');
  const withValue = options.filter((o) => o.value.kind !== 'none');
  const ofKind = (kind: CompletedOption['value']['kind']): CompletedOption[] => withValue.filter((o) => o.value.kind === kind);
  const actions: [readonly CompletedOption[], string][] = [
    ...ofKind('choices').map((o): [CompletedOption[], string] => [
      [o],
      `mapfile -t COMPREPLY < <(compgen -W '${o.value.kind === 'choices' ? o.value.choices.join(' ') : ''}' -- "$cur"); return`,
    ]),
    // -o filenames: readline quotes what it inserts, and marks directories with a slash.
    [ofKind('file'), 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return'],
    // A value to type: offer nothing rather than options, unless an option is being typed.
    [ofKind('text'), '[[ $cur == -* ]] || return'],
  ];
  const cases = actions.filter(([list]) => list.length > 0).map(([list, action]) => `    ${pattern(list)}) ${action} ;;`);
  const long = options.map((o) => o.long).join(' ');
  const short = options.flatMap((o) => (o.short ? [o.short] : [])).join(' ');
  const body = [
    '_ln_connect() {',
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev= word i words=',
    '  local -a args=()',
    '  COMPREPLY=()',
    '  # bash splits --option=value at the "=" (COMP_WORDBREAKS): complete the value of the option before it.',
    '  if [[ $cur == = ]]; then',
    '    cur= prev=${COMP_WORDS[COMP_CWORD-1]}',
    '  elif (( COMP_CWORD > 1 )); then',
    '    prev=${COMP_WORDS[COMP_CWORD-1]}',
    '    [[ $prev == = ]] && prev=${COMP_WORDS[COMP_CWORD-2]}',
    '  fi',
    '  case $prev in',
    ...cases,
    '  esac',
    '  # The arguments before the cursor, skipping options and their values.',
    '  for (( i = 1; i < COMP_CWORD; i++ )); do',
    '    word=${COMP_WORDS[i]}',
    '    case $word in',
    '      =) (( i++ )) ;;',
    `      ${pattern(withValue)}) [[ \${COMP_WORDS[i+1]} == = ]] || (( i++ )) ;;`,
    '      -*) ;;',
    '      *) args+=("$word") ;;',
    '    esac',
    '  done',
    `  local long='${long}'`,
    '  if [[ $cur == -* ]]; then',
    // Short options only match `-`: completing `--` lists long options alone.
    `    words="$long ${short}"`,
    `  elif [[ \${args[0]} == ${COMPLETION_COMMAND} ]]; then`,
    `    (( \${#args[@]} == 1 )) && words='${SHELLS.join(' ')}'`,
    '  elif (( ${#args[@]} == 0 )); then',
    `    words=${COMPLETION_COMMAND}`,
    '    [[ -z $cur ]] && words+=" $long"',
    '  elif [[ -z $cur ]]; then',
    '    words=$long',
    '  fi',
    '  mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")',
    '}',
    'complete -F _ln_connect ln-connect',
  ];
  return [...header('bash'), '', ...body, ''].join('\n');
}
