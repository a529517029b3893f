import { encodeRgbPng } from '../storage/png-encode.ts';
import { Rng } from './rng.ts';

/**
 * Small PNG images made in code for the demo history: a drawn signature (a pen stroke seeded by
 * the signer's name, as the signature pad would send it) and a stand-in rectification photo. Same
 * input, same bytes — the files are stored by content, so a re-seed stores nothing new.
 */

const seedOf = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

const signatures = new Map<string, Buffer>();

/** A handwritten-looking stroke on white, 200×60, different for every name. */
export function signaturePng(name: string): Buffer {
  let png = signatures.get(name);
  if (!png) signatures.set(name, (png = drawSignature(name)));
  return png;
}

function drawSignature(name: string): Buffer {
  const w = 200;
  const h = 60;
  const px = new Uint8Array(w * h * 3).fill(255);
  const r = new Rng(seedOf(name));
  const waves = Array.from({ length: 3 }, () => ({
    amp: r.float(4, 12),
    freq: r.float(2, 7),
    phase: r.float(0, Math.PI * 2),
  }));
  const loops = r.int(2, 4);
  const dot = (x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const xx = Math.round(x + dx);
        const yy = Math.round(y + dy);
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
        const o = (yy * w + xx) * 3;
        px[o] = 20;
        px[o + 1] = 30;
        px[o + 2] = 90;
      }
  };
  for (let i = 0; i <= 1600; i++) {
    const t = i / 1600;
    const x = 12 + t * (w - 24) + 9 * Math.sin(t * Math.PI * 2 * loops * 2);
    const y =
      h / 2 +
      waves.reduce((s, v) => s + v.amp * Math.sin(t * Math.PI * 2 * v.freq + v.phase), 0) * 0.8 +
      7 * Math.cos(t * Math.PI * 2 * loops * 2);
    dot(x, Math.max(3, Math.min(h - 4, y)));
  }
  return encodeRgbPng(w, h, px);
}

/** A stand-in site photo, 96×64: ground, wall and a coloured block, varying with the label. */
export function demoPng(label: string): Buffer {
  const w = 96;
  const h = 64;
  const px = new Uint8Array(w * h * 3);
  const r = new Rng(seedOf(label));
  const wall = [r.int(150, 210), r.int(150, 200), r.int(140, 190)];
  const ground = [r.int(90, 130), r.int(90, 120), r.int(80, 110)];
  const block = r.pick([
    [230, 160, 30],
    [40, 140, 70],
    [200, 50, 40],
    [40, 90, 170],
  ]);
  const bx = r.int(10, 50);
  const by = r.int(10, 30);
  const bw = r.int(15, 35);
  const bh = r.int(10, 25);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inBlock = x >= bx && x < bx + bw && y >= by && y < by + bh;
      const c = inBlock ? block : y > h * 0.7 ? ground : wall;
      const shade = (x * 7 + y * 3) % 11;
      const o = (y * w + x) * 3;
      px[o] = Math.min(255, c[0] + shade);
      px[o + 1] = Math.min(255, c[1] + shade);
      px[o + 2] = Math.min(255, c[2] + shade);
    }
  return encodeRgbPng(w, h, px);
}
