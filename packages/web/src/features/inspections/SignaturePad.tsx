import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export interface SignaturePadHandle {
  clear(): void;
  isEmpty(): boolean;
  /** The drawing as a PNG data URL, trimmed of nothing: what was signed, as signed. */
  toPng(): string;
}

/** A canvas to sign on with a finger, a pen or a mouse (pointer events; scrolling is off inside it). */
export const SignaturePad = forwardRef<SignaturePadHandle, { testId?: string }>(function SignaturePad(
  { testId },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef(0);
  useEffect(() => {
    const c = canvas.current!;
    const ratio = Math.max(1, Math.min(2, window.devicePixelRatio || 1));
    const rect = c.getBoundingClientRect();
    c.width = Math.round(rect.width * ratio);
    c.height = Math.round(rect.height * ratio);
    const g = c.getContext('2d')!;
    g.scale(ratio, ratio);
    g.lineWidth = 2.4;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#111';
    let drawing = false;
    const at = (e: PointerEvent) => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top] as const;
    };
    const down = (e: PointerEvent) => {
      drawing = true;
      c.setPointerCapture(e.pointerId);
      const [x, y] = at(e);
      g.beginPath();
      g.moveTo(x, y);
      g.lineTo(x + 0.1, y + 0.1);
      g.stroke();
      strokes.current++;
    };
    const move = (e: PointerEvent) => {
      if (!drawing) return;
      const [x, y] = at(e);
      g.lineTo(x, y);
      g.stroke();
    };
    const up = () => {
      drawing = false;
    };
    c.addEventListener('pointerdown', down);
    c.addEventListener('pointermove', move);
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    return () => {
      c.removeEventListener('pointerdown', down);
      c.removeEventListener('pointermove', move);
      c.removeEventListener('pointerup', up);
      c.removeEventListener('pointercancel', up);
    };
  }, []);
  useImperativeHandle(ref, () => ({
    clear() {
      const c = canvas.current!;
      c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
      strokes.current = 0;
    },
    isEmpty: () => strokes.current === 0,
    toPng: () => canvas.current!.toDataURL('image/png'),
  }));
  return <canvas ref={canvas} className="sig-pad" data-testid={testId} />;
});
