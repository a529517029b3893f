/**
 * The alarm sound: two short tones made with Web Audio (no file, no network). Browsers only let a
 * page make sound after the user has interacted with it: the sound switch is that interaction.
 */
let ctx: AudioContext | null = null;

export function unlockSound() {
  try {
    ctx ??= new AudioContext();
    void ctx.resume();
  } catch {
    ctx = null;
  }
}

export function playAlarm(urgent: boolean) {
  if (!ctx || ctx.state !== 'running') return;
  const tones = urgent ? [880, 660, 880] : [660];
  tones.forEach((freq, i) => {
    const osc = ctx!.createOscillator();
    const gain = ctx!.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    const start = ctx!.currentTime + i * 0.22;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.12, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
    osc.connect(gain).connect(ctx!.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  });
}
