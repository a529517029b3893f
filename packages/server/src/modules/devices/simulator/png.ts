import { encodeRgbPng } from '../../../storage/png-encode.ts';

/**
 * A tiny raster (encoded by storage/png-encode.ts), so the simulator can send real camera snapshots without an image
 * library or a network: a dim workshop with a worker, a workbench and a welding arc with sparks.
 */
export class Raster {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 3);
  }

  set(x: number, y: number, [r, g, b]: readonly [number, number, number], alpha = 1) {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    const d = this.data;
    d[i] = Math.round(d[i] * (1 - alpha) + r * alpha);
    d[i + 1] = Math.round(d[i + 1] * (1 - alpha) + g * alpha);
    d[i + 2] = Math.round(d[i + 2] * (1 - alpha) + b * alpha);
  }

  rect(x: number, y: number, w: number, h: number, c: readonly [number, number, number], alpha = 1) {
    for (let j = Math.max(0, Math.floor(y)); j < Math.min(this.height, y + h); j++)
      for (let i = Math.max(0, Math.floor(x)); i < Math.min(this.width, x + w); i++) this.set(i, j, c, alpha);
  }

  circle(cx: number, cy: number, r: number, c: readonly [number, number, number], alpha = 1) {
    for (let j = Math.floor(cy - r); j <= cy + r; j++)
      for (let i = Math.floor(cx - r); i <= cx + r; i++)
        if ((i - cx) ** 2 + (j - cy) ** 2 <= r * r) this.set(i, j, c, alpha);
  }

  /** A soft glow: alpha falls off with distance. */
  glow(cx: number, cy: number, r: number, c: readonly [number, number, number]) {
    for (let j = Math.floor(cy - r); j <= cy + r; j++)
      for (let i = Math.floor(cx - r); i <= cx + r; i++) {
        const d = Math.sqrt((i - cx) ** 2 + (j - cy) ** 2) / r;
        if (d < 1) this.set(i, j, c, (1 - d) ** 2);
      }
  }

  line(x0: number, y0: number, x1: number, y1: number, c: readonly [number, number, number], alpha = 1) {
    const n = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let k = 0; k <= n; k++) this.set(x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n, c, alpha);
  }

  png(): Buffer {
    return encodeRgbPng(this.width, this.height, this.data);
  }
}

/** A deterministic pseudo-random sequence (so every snapshot of a seed looks the same). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * The welding scene, 640×360: where the detections' boxes fall (welding ≈ x 0.41 y 0.38 w 0.12
 * h 0.22; person ≈ x 0.33 y 0.25 w 0.16 h 0.62).
 */
export function weldingSnapshot(seed = 1): Buffer {
  const W = 640;
  const H = 360;
  const r = new Raster(W, H);
  const rand = rng(seed);
  // back wall and floor
  for (let y = 0; y < H; y++) {
    const shade = y < 230 ? 38 + (y / 230) * 18 : 30 + ((y - 230) / 130) * 14;
    r.rect(0, y, W, 1, [shade, shade + 2, shade + 6]);
  }
  r.rect(0, 228, W, 3, [70, 72, 78]);
  // steel columns and a hanging hook
  for (const x of [60, 580]) r.rect(x, 0, 22, 230, [58, 62, 70]);
  r.rect(300, 0, 3, 60, [90, 90, 95]);
  // workbench with a steel beam
  r.rect(220, 210, 260, 16, [96, 84, 70]);
  r.rect(232, 226, 10, 70, [70, 62, 52]);
  r.rect(458, 226, 10, 70, [70, 62, 52]);
  r.rect(250, 196, 200, 14, [120, 124, 132]);
  // the worker: legs, body, arm to the torch, helmet with welding mask
  r.rect(232, 205, 16, 90, [40, 52, 88]);
  r.rect(256, 205, 16, 90, [40, 52, 88]);
  r.rect(226, 120, 52, 92, [48, 66, 112]);
  r.line(270, 140, 290, 160, [48, 66, 112]);
  r.line(271, 141, 291, 161, [48, 66, 112]);
  r.line(290, 160, 300, 172, [160, 160, 165]);
  r.circle(252, 104, 18, [210, 170, 40]);
  r.rect(258, 96, 16, 20, [25, 25, 28]);
  // the arc and its glow on the beam
  r.glow(306, 176, 90, [255, 170, 60]);
  r.glow(306, 176, 30, [255, 240, 200]);
  r.circle(306, 176, 5, [255, 255, 255]);
  // sparks
  for (let i = 0; i < 70; i++) {
    const a = rand() * Math.PI * 2;
    const len = 10 + rand() * 70;
    const x1 = 306 + Math.cos(a) * len;
    const y1 = 176 + Math.sin(a) * len * 0.8 + rand() * 20;
    r.line(
      306 + Math.cos(a) * 6,
      176 + Math.sin(a) * 6,
      x1,
      y1,
      [255, 200 + Math.floor(rand() * 55), 80],
      0.9,
    );
  }
  // timestamp-like bar of a camera overlay
  r.rect(10, 10, 150, 14, [0, 0, 0], 0.5);
  r.rect(14, 14, 8, 6, [220, 40, 40]);
  return r.png();
}
