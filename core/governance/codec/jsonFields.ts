// Field readers for the on-disk JSON of part B (spec B §0.4). Every failure is a SerdeError that
// names the file and the field, so a corrupt state or archive file is reported, never guessed at.
import { SerdeError } from '../../common/errors';
import { parseJson } from '../../common/storeFiles';

export type JsonObject = Readonly<Record<string, unknown>>;

/** Where a value came from, for error messages: the file and the path inside it. */
export interface JsonSource {
  readonly file: string;
  readonly at: string;
}

const fail = (src: JsonSource, what: string): never => {
  throw new SerdeError(`cannot decode ${src.file}: ${src.at} ${what}`, src.file);
};

export const child = (src: JsonSource, field: string): JsonSource => ({
  file: src.file,
  at: src.at.length > 0 ? `${src.at}.${field}` : field,
});

export function asObject(value: unknown, src: JsonSource): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(src, 'is not a JSON object');
  }
  return value as JsonObject;
}

/** Parses a whole JSON document that must be an object (an empty file is a SerdeError). */
export function parseObject(text: string, file: string): JsonObject {
  return asObject(parseJson(text, file), { file, at: '<document>' });
}

function present(obj: JsonObject, field: string, src: JsonSource): unknown {
  if (!(field in obj)) return fail(child(src, field), 'is missing');
  return obj[field];
}

/** usize: a non-negative safe integer. */
export function readUsizeValue(value: unknown, src: JsonSource): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return fail(src, 'is not an unsigned integer');
  }
  return value;
}

/** i64: a safe integer (values beyond 2^53 are not representable in a JS number). */
export function readI64Value(value: unknown, src: JsonSource): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(src, 'is not an integer');
  return value;
}

export const readUsize = (obj: JsonObject, field: string, src: JsonSource): number =>
  readUsizeValue(present(obj, field, src), child(src, field));

export const readI64 = (obj: JsonObject, field: string, src: JsonSource): number =>
  readI64Value(present(obj, field, src), child(src, field));

export function readBool(obj: JsonObject, field: string, src: JsonSource): boolean {
  const v = present(obj, field, src);
  if (typeof v !== 'boolean') return fail(child(src, field), 'is not a boolean');
  return v;
}

export function readString(obj: JsonObject, field: string, src: JsonSource): string {
  const v = present(obj, field, src);
  if (typeof v !== 'string') return fail(child(src, field), 'is not a string');
  return v;
}

/** omit-null i64: absent or null read as null. */
export function readOptionalI64(obj: JsonObject, field: string, src: JsonSource): number | null {
  const v = obj[field];
  return v === undefined || v === null ? null : readI64Value(v, child(src, field));
}

/** A field with a default: absent takes the default (null is not absent for a non-optional field). */
export function readWithDefault<T>(
  obj: JsonObject,
  field: string,
  fallback: T,
  read: (value: unknown, src: JsonSource) => T,
  src: JsonSource,
): T {
  const v = obj[field];
  return v === undefined ? fallback : read(v, child(src, field));
}

export function readEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  src: JsonSource,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return fail(src, `is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function readObject(obj: JsonObject, field: string, src: JsonSource): JsonObject {
  return asObject(present(obj, field, src), child(src, field));
}

export function readArray(obj: JsonObject, field: string, src: JsonSource): readonly unknown[] {
  const v = present(obj, field, src);
  if (!Array.isArray(v)) return fail(child(src, field), 'is not an array');
  return v;
}

/** Builds a compact JSON object in the given key order, leaving out null (omit-null) values. */
export function compactJson(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
