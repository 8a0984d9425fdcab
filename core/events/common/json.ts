// Field readers for part C's on-disk JSON. Every failure is a SerdeError naming the file and the
// field, so a corrupt event or cursor file is reported, never guessed at.
import { SerdeError } from '../../common/errors';

export type JsonRecord = Readonly<Record<string, unknown>>;

export class JsonReader {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {}

  fail(field: string, why: string): never {
    throw new SerdeError(`cannot decode ${this.what} in ${this.file}: ${field} ${why}`, this.file);
  }

  object(value: unknown): JsonRecord {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail('<document>', 'is not a JSON object');
    return value as JsonRecord;
  }

  string(obj: JsonRecord, field: string): string {
    const v = obj[field];
    if (typeof v !== 'string') this.fail(field, v === undefined ? 'is missing' : 'is not a string');
    return v as string;
  }

  optionalString(obj: JsonRecord, field: string): string | null {
    const v = obj[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(field, 'is not a string');
    return v as string;
  }

  i64(obj: JsonRecord, field: string): number {
    const v = obj[field];
    // Stryker disable next-line ConditionalExpression: equivalent, Number.isSafeInteger is false for every non-number
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(field, v === undefined ? 'is missing' : 'is not an integer');
    return v as number;
  }

  optionalI64(obj: JsonRecord, field: string): number | null {
    const v = obj[field];
    if (v === undefined || v === null) return null;
    return this.i64(obj, field);
  }

  /** usize with a default when the key is missing. */
  usize(obj: JsonRecord, field: string, fallback?: number): number {
    const v = obj[field];
    if (v === undefined && fallback !== undefined) return fallback;
    // Stryker disable next-line ConditionalExpression: equivalent, Number.isSafeInteger is false for every non-number
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      this.fail(field, v === undefined ? 'is missing' : 'is not an unsigned integer');
    }
    return v as number;
  }

  stringArray(obj: JsonRecord, field: string): string[] {
    const v = obj[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) this.fail(field, 'is not an array of strings');
    return [...(v as string[])];
  }

  oneOf<T extends string>(obj: JsonRecord, field: string, allowed: readonly T[]): T {
    const v = obj[field];
    // Stryker disable next-line ConditionalExpression: equivalent, a non-string is never among the allowed strings
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(field, `is not one of ${allowed.join(', ')}`);
    }
    return v as T;
  }
}
