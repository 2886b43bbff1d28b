/**
 * Just enough roff to write a man(7) page from data: escaping, fonts, and the inline markup that
 * Core Lightning's schema and ln-connect's option table use (**bold**, *italic*, `literal`).
 */

/**
 * Text made safe for roff: `\` prints as itself, every `-` as a real minus (so an option copied
 * from the page works), anything outside ASCII as a named glyph (groff reads Latin-1 unless
 * preconv runs).
 */
export function escape(text: string): string {
  return text.replace(/[\\-]|[^\x20-\x7e]/gu, (c) => {
    if (c === '\\') return '\\e';
    if (c === '-') return '\\-';
    return `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
  });
}

/** An input line of text: one starting with `.` or `'` would be read as a request. */
export function textLine(roff: string): string {
  return /^[.']/.test(roff) ? `\\&${roff}` : roff;
}

/** Filled text as input lines of at most 80 bytes where the words allow (long lines are hard to diff and review). */
export function fill(roff: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of roff.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > 80) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].map(textLine);
}

export const bold = (text: string): string => `\\fB${escape(text)}\\fR`;
export const italic = (text: string): string => `\\fI${escape(text)}\\fR`;

/** Markdown-ish inline markup to fonts; a literal (`code`) is bold, as man pages show what to type. */
export function inline(text: string): string {
  return text
    .split(/(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`)/)
    .map((part) => {
      if (/^\*\*.+\*\*$/.test(part)) return bold(part.slice(2, -2));
      if (/^\*.+\*$/.test(part)) return italic(part.slice(1, -1));
      if (/^`.+`$/.test(part)) return bold(part.slice(1, -1));
      return escape(part);
    })
    .join('');
}

/** A placeholder such as `[USER:PASS@]HOST[:PORT]`: the upper-case names in italics, the rest as typed. */
export function placeholder(text: string): string {
  return text
    .split(/([A-Z]+)/)
    .map((part) => (/^[A-Z]+$/.test(part) ? italic(part) : escape(part)))
    .join('');
}

/** Lines shown as typed (commands, output): no filling, each line escaped. */
export function verbatim(lines: readonly string[]): string[] {
  return ['.EX', ...lines.map((line) => textLine(escape(line))), '.EE'];
}
