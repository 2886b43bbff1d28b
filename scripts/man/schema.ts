import { readFileSync } from 'node:fs';
import { bold, escape, fill, inline } from './roff.js';

/** The parts of Core Lightning's RPC schema format (doc/schemas/*.json) that the man page reads. */
export interface SchemaNode {
  readonly type?: string;
  readonly description?: readonly string[];
  readonly enum?: readonly string[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly allOf?: readonly { readonly if: SchemaNode; readonly then: SchemaNode }[];
}

export interface RpcSchema {
  readonly request: SchemaNode & { readonly properties: Readonly<Record<string, SchemaNode>> };
  readonly response: SchemaNode;
  readonly errors: readonly string[];
  /** ln-connect's: the error object as printed, `data` included. */
  readonly error_object: SchemaNode;
  /** ln-connect's: one line of a list's JSON Lines output. */
  readonly list_line: SchemaNode;
  readonly json_example: readonly {
    readonly request: { readonly params: Readonly<Record<string, string | number>> };
    readonly response: unknown;
  }[];
  readonly author: readonly string[];
  readonly see_also: readonly string[];
}

export function readSchema(path: string): RpcSchema {
  return JSON.parse(readFileSync(path, 'utf8')) as RpcSchema;
}

/**
 * A schema text with Core Lightning's words swapped for ln-connect's. A phrase that is no longer
 * in the schema fails the generator, rather than leave lightningd's behaviour in ln-connect's page.
 */
export function adapt(text: string, swaps: ReadonlyArray<readonly [from: string, to: string]>): string {
  return swaps.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`the schema no longer says "${from}"; review the man page's adaptation of it`);
    return result.replace(from, to);
  }, text);
}

/** A field's description, its lines joined as Core Lightning's generator joins them. */
export const describe = (node: SchemaNode): string => (node.description ?? []).join(' ');

/**
 * The fields of an object as nested bullet lists, the way Core Lightning's own pages show a
 * response: name, type, allowed values, description; an `if`/`then` branch becomes
 * "If type is ...:" with the fields that branch adds.
 */
export function fieldList(node: SchemaNode): string[] {
  const lines: string[] = [];
  for (const [name, field] of Object.entries(node.properties ?? {})) {
    // `{}` in a `then` branch only allows the field it shares with the parent, already listed there.
    if (Object.keys(field).length === 0) continue;
    const optional = node.required?.includes(name) ? '' : ', optional';
    lines.push('.IP \\(bu 2', ...fill(`${bold(name)} (${escape(typeOf(field) + optional)}): ${inline(describe(field))}`));
    const nested = fieldList(field);
    if (nested.length > 0) lines.push('.RS 2', ...nested, '.RE');
  }
  for (const branch of node.allOf ?? []) {
    for (const [name, condition] of Object.entries(branch.if.properties ?? {})) {
      lines.push('.IP \\(bu 2', ...fill(`If ${bold(name)} is ${escape(quoted(condition.enum ?? [], 'or'))}:`));
    }
    lines.push('.RS 2', ...fieldList(branch.then), '.RE');
  }
  return lines;
}

function typeOf(field: SchemaNode): string {
  return field.enum ? `${field.type}, one of ${quoted(field.enum, 'or')}` : (field.type ?? 'any');
}

/** `a, b or c`. */
export function list(items: readonly string[], conjunction: string): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** `"a", "b" or "c"`, as Core Lightning's pages list a field's values. */
export const quoted = (values: readonly string[], conjunction: string): string => list(values.map((v) => `"${v}"`), conjunction);

/** `errors` holds prose and `- CODE: meaning` lines; the page needs the codes and their meanings. */
export function errorCodes(schema: RpcSchema): { code: number; meaning: string }[] {
  return schema.errors.flatMap((line) => {
    const match = /^- (-?\d+): (.*)$/.exec(line);
    return match ? [{ code: Number(match[1]), meaning: match[2]! }] : [];
  });
}
