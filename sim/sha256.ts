// A small pure SHA-256 (FIPS 180-4), incremental over UTF-8 text. The determinism guard bans
// node:crypto in sim/, and a trace hashes one line per step, so this avoids per-line buffers:
// text is encoded straight into a reused block buffer.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const BUFFER_BYTES = 1 << 16;
const encoder = new TextEncoder();

export class Sha256 {
  private readonly h = new Int32Array(INIT);
  private readonly w = new Int32Array(64);
  private buf = new Uint8Array(BUFFER_BYTES);
  private used = 0;
  private totalBytes = 0;

  /** Appends the UTF-8 bytes of `text`. */
  update(text: string): this {
    // A UTF-16 unit encodes to at most 3 bytes; make room, then encode in place.
    const need = text.length * 3;
    if (this.used + need > this.buf.length) {
      this.compress();
      if (this.used + need > this.buf.length) this.grow(this.used + need);
    }
    const { written } = encoder.encodeInto(text, this.buf.subarray(this.used));
    this.used += written;
    this.totalBytes += written;
    if (this.used >= 4096) this.compress();
    return this;
  }

  updateBytes(bytes: Uint8Array): this {
    if (this.used + bytes.length > this.buf.length) {
      this.compress();
      if (this.used + bytes.length > this.buf.length) this.grow(this.used + bytes.length);
    }
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
    this.totalBytes += bytes.length;
    return this;
  }

  /** The digest of everything so far, as 64 hex digits; the hash can keep going afterwards. */
  hex(): string {
    const copy = this.clone();
    return copy.finish();
  }

  clone(): Sha256 {
    const c = new Sha256();
    c.h.set(this.h);
    if (c.buf.length < this.buf.length) c.buf = new Uint8Array(this.buf.length);
    c.buf.set(this.buf.subarray(0, this.used));
    c.used = this.used;
    c.totalBytes = this.totalBytes;
    return c;
  }

  private finish(): string {
    const bitsHigh = Math.floor(this.totalBytes / 0x20000000);
    const bitsLow = (this.totalBytes * 8) >>> 0;
    const padLen = ((this.used + 9 + 63) & ~63) - this.used;
    const pad = new Uint8Array(padLen);
    pad[0] = 0x80;
    pad[padLen - 8] = bitsHigh >>> 24;
    pad[padLen - 7] = bitsHigh >>> 16;
    pad[padLen - 6] = bitsHigh >>> 8;
    pad[padLen - 5] = bitsHigh;
    pad[padLen - 4] = bitsLow >>> 24;
    pad[padLen - 3] = bitsLow >>> 16;
    pad[padLen - 2] = bitsLow >>> 8;
    pad[padLen - 1] = bitsLow;
    const total = this.totalBytes;
    this.updateBytes(pad);
    this.totalBytes = total;
    this.compress();
    let out = '';
    for (let i = 0; i < 8; i++) out += (this.h[i] >>> 0).toString(16).padStart(8, '0');
    return out;
  }

  private grow(bytes: number): void {
    let size = this.buf.length;
    while (size < bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.used));
    this.buf = next;
  }

  /** Hashes every whole 64-byte block in the buffer and moves the tail to the front. */
  private compress(): void {
    const blocks = this.used >>> 6;
    if (blocks === 0) return;
    for (let b = 0; b < blocks; b++) this.block(b << 6);
    const rest = this.used & 63;
    if (rest > 0) this.buf.copyWithin(0, blocks << 6, this.used);
    this.used = rest;
  }

  private block(off: number): void {
    const w = this.w;
    const buf = this.buf;
    for (let i = 0; i < 16; i++) {
      const j = off + (i << 2);
      w[i] = (buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    const h = this.h;
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (k + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + k) | 0;
  }
}

export function sha256Hex(text: string): string {
  return new Sha256().update(text).hex();
}
