// Rust's saturating arithmetic on `usize` (floors at 0) and `i64`, in the safe-integer range.

export const USIZE_MAX = Number.MAX_SAFE_INTEGER;
export const I64_MAX = Number.MAX_SAFE_INTEGER;
export const I64_MIN = Number.MIN_SAFE_INTEGER;

// Stryker disable next-line EqualityOperator: equivalent, at a bound v and the bound are equal
const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

export const satAdd = (a: number, b: number): number => clamp(a + b, 0, USIZE_MAX);
export const satSub = (a: number, b: number): number => clamp(a - b, 0, USIZE_MAX);
export const satMul = (a: number, b: number): number => clamp(a * b, 0, USIZE_MAX);
export const satAddI64 = (a: number, b: number): number => clamp(a + b, I64_MIN, I64_MAX);
export const satSubI64 = (a: number, b: number): number => clamp(a - b, I64_MIN, I64_MAX);
/** Integer division that truncates; the spec only divides non-negative operands. */
export const idiv = (a: number, b: number): number => Math.trunc(a / b);
