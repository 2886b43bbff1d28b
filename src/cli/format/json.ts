import type { Palette } from '../color.js';

/**
 * JSON as lightning-cli prints it: 3-space indentation, `"key": value`, the producer's key order,
 * a final newline. Colour, when on, marks keys and values without changing the text.
 */
export function formatJson(value: unknown, colors: Palette): string {
  const text = JSON.stringify(value, null, 3);
  return (
    text.replace(/("(?:[^"\\]|\\.)*")(: )?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g, (match, str, colon, num, lit) => {
      if (str !== undefined) return colon ? colors.key(str) + colon : colors.string(str);
      if (num !== undefined) return colors.number(num);
      return colors.number(lit ?? match);
    }) + '\n'
  );
}
