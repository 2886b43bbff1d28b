/**
 * The parts of `--help` that yargs does not lay out: examples, rules and the exit statuses, at
 * the same width as yargs' option table.
 */

/** Where --help wraps: 80 columns in a pipe or file, the terminal's width on one (up to 120, past which lines are hard to follow). */
export function helpWidth(stream: { isTTY?: boolean; columns?: number }): number {
  const columns = stream.isTTY === true ? (stream.columns ?? 0) : 0;
  return columns > 0 ? Math.min(columns, 120) : 80;
}

/** Words filled into lines of at most `width` columns, each line starting with `indent` spaces. */
export function fill(text: string, width: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(' '.repeat(indent) + line);
  return lines;
}

/**
 * Each example's command on a line of its own, never broken (it is meant to be copied whole), and
 * what it does below it, indented and filled to `width`.
 */
export function examples(list: ReadonlyArray<readonly [string, string]>, width: number): string[] {
  return ['Examples:', ...list.flatMap(([command, what]) => [`  ${command}`, ...fill(what, width, 6)])];
}

/** A table row: `label` in a column of `column` characters, then `text` filled beside it. */
export function row(label: string, text: string, column: number, width: number): string[] {
  const [first = '', ...rest] = fill(text, width, column);
  return [label.padEnd(column) + first.slice(column), ...rest];
}
