import { header } from './header.js';
import { COMPLETION_COMMAND, COMPLETION_DESCRIPTION, SHELLS, type CompletedOption } from './spec.js';

/** `text` as one single-quoted fish word. */
const quoted = (text: string): string => `'${text.replace(/[\\']/g, '\\$&')}'`;

function line(o: CompletedOption): string {
  const words = ['complete -c ln-connect'];
  if (o.short) words.push(`-s ${o.short.slice(1)}`);
  words.push(`-l ${o.long.slice(2)}`);
  // -x: takes a value, and files are not it; -r -F: takes a value, and files are.
  if (o.value.kind === 'choices') words.push('-x', `-a ${quoted(o.value.choices.join(' '))}`);
  else if (o.value.kind === 'file') words.push('-r -F');
  else if (o.value.kind === 'text') words.push('-x');
  words.push(`-d ${quoted(o.summary)}`);
  return words.join(' ');
}

export function fishScript(options: readonly CompletedOption[]): string {
  const body = [
    // Arguments are node ids, not files.
    'complete -c ln-connect -f',
    ...options.map(line),
    `complete -c ln-connect -n 'test (count (commandline -opc)) -eq 1' -a ${COMPLETION_COMMAND} -d ${quoted(COMPLETION_DESCRIPTION)}`,
    `complete -c ln-connect -n 'set -l words (commandline -opc); test (count $words) -eq 2 -a "$words[2]" = ${COMPLETION_COMMAND}' -a ${quoted(SHELLS.join(' '))}`,
  ];
  return [...header('fish'), '', ...body, ''].join('\n');
}
