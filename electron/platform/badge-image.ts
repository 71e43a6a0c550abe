// The Windows taskbar overlay with the number of refused reports: a red disc with white
// digits, drawn pixel by pixel (Electron makes an image from raw BGRA pixels; it cannot
// draw text). No 'electron' import, so the drawing is tested under Node.

/** Digits 3 px wide and 5 high; "+" for more than 9. */
const GLYPHS: Record<string, string[]> = {
  0: ['111', '101', '101', '101', '111'], 1: ['010', '110', '010', '010', '111'], 2: ['111', '001', '111', '100', '111'],
  3: ['111', '001', '111', '001', '111'], 4: ['101', '101', '111', '001', '001'], 5: ['111', '100', '111', '001', '111'],
  6: ['111', '100', '111', '101', '111'], 7: ['111', '001', '010', '010', '010'], 8: ['111', '101', '111', '101', '111'],
  9: ['111', '101', '111', '001', '111'], '+': ['000', '010', '111', '010', '000'],
};

export const BADGE_SIZE = 32;

/** BGRA pixels, BADGE_SIZE square, of a red disc with `count` (1–9, or "9+"). */
export function badgeBitmap(count: number): Buffer {
  const size = BADGE_SIZE;
  const pixels = Buffer.alloc(size * size * 4);
  const set = (x: number, y: number, [b, g, r, a]: [number, number, number, number]) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    pixels.set([b, g, r, a], (y * size + x) * 4);
  };
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x - c) ** 2 + (y - c) ** 2 <= (size / 2) ** 2) set(x, y, [0x28, 0x28, 0xc6, 0xff]);
    }
  }
  const text = count > 9 ? '9+' : String(Math.max(0, count));
  const scale = text.length === 1 ? 4 : 3;
  const width = text.length * 3 * scale + (text.length - 1) * scale;
  const left = Math.round((size - width) / 2);
  const top = Math.round((size - 5 * scale) / 2);
  [...text].forEach((ch, i) => {
    const rows = GLYPHS[ch] ?? GLYPHS['+']!;
    rows.forEach((row, gy) => [...row].forEach((bit, gx) => {
      if (bit !== '1') return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) set(left + i * 4 * scale + gx * scale + dx, top + gy * scale + dy, [0xff, 0xff, 0xff, 0xff]);
      }
    }));
  });
  return pixels;
}
