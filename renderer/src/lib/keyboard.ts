// The window's keyboard shortcuts, the same on Windows and on a Mac, each with its platform's
// own modifier: Ctrl on Windows and Linux, ⌘ on a Mac (where Ctrl+F and Ctrl+N move the cursor
// in text fields, so Ctrl is left alone there). Keys are named as their keycaps print them
// (Ctrl, Enter, Esc, ⌘), which is the same in the four languages (docs/glossary.md).

export type Shortcut = 'newReport' | 'queue' | 'search' | 'close';

export function isMac(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** Which shortcut a key press is, or null. */
export function shortcutOf(event: KeyboardEvent, mac: boolean = isMac()): Shortcut | null {
  if (event.isComposing || event.altKey) return null;
  if (event.key === 'Escape') return event.ctrlKey || event.metaKey || event.shiftKey ? null : 'close';
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.shiftKey) return null;
  if (event.key === 'Enter') return 'queue';
  // The letter typed; with a layout that types no Latin letter, the key where N or F would be.
  const typed = event.key.toLowerCase();
  const letter = /^[a-z]$/.test(typed) ? typed : event.code.replace(/^Key/, '').toLowerCase();
  if (letter === 'n') return 'newReport';
  if (letter === 'f') return 'search';
  return null;
}

const KEYCAP: Record<Exclude<Shortcut, 'close'>, { mac: string; other: string; aria: string }> = {
  newReport: { mac: 'N', other: 'N', aria: 'N' },
  queue: { mac: '↩', other: 'Enter', aria: 'Enter' },
  search: { mac: 'F', other: 'F', aria: 'F' },
};

/** "Ctrl+N" elsewhere, "⌘N" on a Mac: shown next to the action. */
export function shortcutLabel(shortcut: Shortcut, mac: boolean = isMac()): string {
  if (shortcut === 'close') return 'Esc';
  const key = KEYCAP[shortcut];
  return mac ? `⌘${key.mac}` : `Ctrl+${key.other}`;
}

/** The same for assistive technology (aria-keyshortcuts): "Control+N", "Meta+N", "Escape". */
export function ariaShortcut(shortcut: Shortcut, mac: boolean = isMac()): string {
  if (shortcut === 'close') return 'Escape';
  return `${mac ? 'Meta' : 'Control'}+${KEYCAP[shortcut].aria}`;
}
