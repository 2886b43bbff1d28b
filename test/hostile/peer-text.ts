import assert from 'node:assert/strict';
import type { MeasuredRun } from '../helpers/measured-cli.js';

/**
 * Text a hostile peer puts in `error` and `warning`: terminal escapes (clear screen, set the
 * title, bell), invalid UTF-8, a backslash, and a CR LF that would start a fake line of output.
 */
export const HOSTILE_TEXT = Buffer.concat([
  Buffer.from('bad \x1b[2J\x1b]0;pwned\x07 '),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
  Buffer.from(' back\\slash\r\n{"code": 0}'),
]);

/** HOSTILE_TEXT as ln-connect must quote it: every byte outside 32..126 as \xNN, the backslash doubled. */
export const HOSTILE_TEXT_QUOTED = 'bad \\x1b[2J\\x1b]0;pwned\\x07 \\xff\\xfe\\xc3( back\\\\slash\\x0d\\x0a{"code": 0}';

/** A RegExp matching exactly `text`. */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** Nothing the peer chose reaches the terminal raw: no control byte but newlines, no replacement character. */
export function assertNoRawPeerText(run: MeasuredRun): void {
  for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f\x7f]/, `a control byte on ${name}`);
    assert.ok(!text.includes('\ufffd'), `invalid UTF-8 reached ${name}`);
  }
}
