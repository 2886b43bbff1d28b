import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './fixtures.js';

/**
 * The shipped schema uses Core Lightning's own type names (pubkey, hex, u16, u32). Standard JSON
 * Schema equivalents are substituted so a standard validator can check every JSON the tool prints.
 */
const TYPES: Record<string, object> = {
  pubkey: { type: 'string', pattern: '^0[23][0-9a-f]{64}$' },
  hex: { type: 'string', pattern: '^([0-9a-f]{2})*$' },
  u16: { type: 'integer', minimum: 0, maximum: 65535 },
  u32: { type: 'integer', minimum: 0, maximum: 4294967295 },
};

function standardise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(standardise);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'type' && typeof value === 'string' && TYPES[value]) Object.assign(out, TYPES[value]);
    else out[key] = standardise(value);
  }
  return out;
}

const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(join(ROOT, 'schema', 'connect.json'), 'utf8'));
const ajv = new (Ajv as unknown as typeof Ajv.default)({ strict: false, allErrors: true });
// The whole document, so that its own references (`#/response`, `#/error_object`) resolve.
ajv.addSchema({ ...(standardise(schema) as object), $id: 'connect.json' });
const validator = (part: string) => ajv.compile({ $ref: `connect.json#/${part}` });
const response = validator('response');
const error = validator('error_object');
const listLine = validator('list_line');

/** The codes the schema's prose `errors` lists, which the error object's `code` enum must match. */
export const ERROR_CODES = (schema.errors as string[]).flatMap((line) => /^- (-?\d+):/.exec(line)?.[1] ?? []).map(Number);

function check(validate: typeof response, what: string, value: unknown): void {
  if (!validate(value)) throw new Error(`not a valid ${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`);
}

/** Throws with ajv's explanation unless `value` is a valid success response of the shipped schema. */
export function assertValidResponse(value: unknown): void {
  check(response, 'connect response', value);
}

/** Throws unless `value` is `{code, message}` (and `data` as documented) with a code from the schema's error table. */
export function assertValidError(value: unknown): void {
  check(error, 'connect error', value);
}

/** Throws unless `value` is one line of a list's JSON Lines output as the schema documents it. */
export function assertValidListLine(value: unknown): void {
  check(listLine, 'list line', value);
}
