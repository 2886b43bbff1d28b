/** How much of a value a message repeats: an id@host with the longest name whole, not a 100 KB argument. */
const SHOWN_CHARACTERS = 400;

/**
 * Text the user gave, as a message repeats it: in single quotes, so that a space at either end
 * shows; control characters escaped, so that the line stays one line; cut after 400 characters.
 */
export function quote(text: string): string {
  return `'${unquoted(text)}'`;
}

/** The same without the quotes, for a name that cannot hold a space (an option's). */
export function unquoted(text: string): string {
  return escapeControls(shorten(text));
}

/** The first 400 characters (code points) and an ellipsis, or all of `text` if it is no longer. */
export function shorten(text: string): string {
  if (text.length <= SHOWN_CHARACTERS) return text;
  const chars = [...text];
  return chars.length <= SHOWN_CHARACTERS ? text : `${chars.slice(0, SHOWN_CHARACTERS).join('')}… (${chars.length} characters)`;
}

function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${hexByte(code)}` : `\\u${code.toString(16)}`;
  });
}

/** A byte as messages show it: two lowercase hex digits, after `0x` or `\x`. */
export function hexByte(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
