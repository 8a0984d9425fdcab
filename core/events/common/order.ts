// String and sort order shared by every query (spec C §0.3, §0.4).

/** Maps a UTF-16 code unit so that unit order equals code-point order (surrogates sort last). */
const rank = (unit: number): number => {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
};

/** Rust `str` order: UTF-8 byte order, which equals code-point order. Never `localeCompare`. */
export function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return rank(ca) < rank(cb) ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Numeric three-way comparison. */
export const cmpNum = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** `Option<String>` order: None < any Some; Some values by code point. */
export function cmpOptStr(a: string | null, b: string | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return cmpStr(a, b);
}

/** A stable sort that never mutates its input (Array.prototype.sort is stable since ES2019). */
export function stableSorted<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return [...items].sort(cmp);
}
