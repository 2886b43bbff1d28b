import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './fixtures.js';

/**
 * The shipped schema uses Core Lightning's own type names (pubkey, hex, u16). Standard JSON Schema
 * equivalents are substituted so a standard validator can check every JSON the tool prints.
 */
const TYPES: Record<string, object> = {
  pubkey: { type: 'string', pattern: '^0[23][0-9a-f]{64}$' },
  hex: { type: 'string', pattern: '^([0-9a-f]{2})*$' },
  u16: { type: 'integer', minimum: 0, maximum: 65535 },
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

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'connect.json'), 'utf8'));
const ajv = new (Ajv as unknown as typeof Ajv.default)({ strict: false, allErrors: true });
const response = ajv.compile({ type: 'object', additionalProperties: false, ...(standardise(schema.response) as object) });
const errorCodes = (schema.errors as string[]).flatMap((line) => /^- (-?\d+):/.exec(line)?.[1] ?? []).map(Number);
const error = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: { code: { enum: errorCodes }, message: { type: 'string' } },
});

/** Throws with ajv's explanation unless `value` is a valid success response of the shipped schema. */
export function assertValidResponse(value: unknown): void {
  if (!response(value)) throw new Error(`not a valid connect response: ${ajv.errorsText(response.errors)}\n${JSON.stringify(value)}`);
}

/** Throws unless `value` is `{code, message}` with a code from the schema's error table. */
export function assertValidError(value: unknown): void {
  if (!error(value)) throw new Error(`not a valid connect error: ${ajv.errorsText(error.errors)}\n${JSON.stringify(value)}`);
}
