// Pseudo-English for layout checks: every letter accented (so hard-coded text, which stays
// plain, stands out), every message about 40% longer (Finnish and Swedish run that much longer
// than English), and wrapped in ⟦ ⟧ so a cut-off end shows. Placeholders ({count}) and the
// message-format structure (plural variants) are left as they are.

const ACCENTED = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ď', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'ü', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ď', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Ü', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};
const VOWELS = new Set('aeiouyAEIOUY');

/** One text: placeholders kept, letters accented, some vowels doubled, then padded to +40%. */
export function pseudoText(text) {
  const parts = text.split(/(\{[^}]*\})/);
  let letters = 0;
  let vowels = 0;
  const out = parts.map((part) => {
    if (part.startsWith('{')) return part;
    let s = '';
    for (const ch of part) {
      const mapped = ACCENTED[ch] ?? ch;
      s += mapped;
      if (ACCENTED[ch]) letters += 1;
      // Every other vowel doubled: words grow inside (as Finnish compounds do), not just at the end.
      if (VOWELS.has(ch) && vowels++ % 2 === 0) s += mapped;
    }
    return s;
  }).join('');
  if (letters === 0) return text;
  const grown = [...out].length;
  const padding = Math.max(0, Math.ceil(text.length * 1.4) - grown - 2);
  return `⟦${out}${'·'.repeat(padding)}⟧`;
}

/** A whole inlang message-format catalogue ({key: text | [variants]}). */
export function pseudoLocalize(catalogue) {
  const result = {};
  for (const [key, value] of Object.entries(catalogue)) {
    if (key.startsWith('$')) result[key] = value;
    else if (typeof value === 'string') result[key] = pseudoText(value);
    else result[key] = value.map((v) => ({ ...v, match: Object.fromEntries(Object.entries(v.match).map(([k, t]) => [k, pseudoText(t)])) }));
  }
  return result;
}
