// Strict field readers for decoding JSON documents. Every failure is a SerdeError that names the
// file (or document) and the field, so a corrupt store file is easy to find.
import { SerdeError } from '../../common/errors';

export type Json = Record<string, unknown>;

export class FieldReader {
  constructor(
    private readonly obj: Json,
    private readonly where: string,
  ) {}

  static of(value: unknown, where: string): FieldReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SerdeError(`cannot decode ${where}: expected an object`, where);
    }
    return new FieldReader(value as Json, where);
  }

  private fail(key: string, what: string): never {
    throw new SerdeError(`cannot decode ${this.where}: field ${key} ${what}`, this.where);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  raw(key: string): unknown {
    if (this.obj[key] === undefined) this.fail(key, 'is missing');
    return this.obj[key];
  }

  /** An i64: any integer in the safe range. */
  int(key: string, fallback?: number): number {
    const v = this.obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    // isSafeInteger is false for every non-number, so it also checks the type.
    if (!Number.isSafeInteger(v)) this.fail(key, 'must be an integer');
    return v as number;
  }

  /** A usize: a non-negative integer. */
  count(key: string, fallback?: number): number {
    const v = this.int(key, fallback);
    if (v < 0) this.fail(key, 'must be non-negative');
    return v;
  }

  str(key: string): string {
    const v = this.obj[key];
    if (typeof v !== 'string') this.fail(key, 'must be a string');
    return v;
  }

  optStr(key: string): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(key, 'must be a string or null');
    return v;
  }

  optInt(key: string): number | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    return this.int(key);
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(key, 'must be a boolean');
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.str(key);
    if (!(allowed as readonly string[]).includes(v)) this.fail(key, `must be one of ${allowed.join(', ')}`);
    return v as T;
  }

  child(key: string): FieldReader {
    return FieldReader.of(this.raw(key), `${this.where} (${key})`);
  }
}

export function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new SerdeError(`cannot decode ${where}: expected an array`, where);
  return value;
}
