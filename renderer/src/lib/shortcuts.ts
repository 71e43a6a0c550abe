// The window's keyboard shortcuts (keyboard.ts names them): Ctrl/⌘+N a new report, Ctrl/⌘+Enter
// queues the form, Ctrl/⌘+F the outbox's search, Esc closes the details panel (a dialog
// closes itself on Esc; a receipt or day sheet goes back to the outbox).
import { shortcutOf, type Shortcut } from './keyboard.ts';
import { formDrafts } from './state/form-drafts.svelte.ts';
import { navigation } from './state/navigation.svelte.ts';
import { outboxLog } from './state/outbox-log.svelte.ts';
import { session } from './state/session.svelte.ts';

function run(shortcut: Exclude<Shortcut, 'close'>): boolean {
  switch (shortcut) {
    case 'newReport':
      if (navigation.correcting) {
        navigation.endCorrection();
        void formDrafts.openNew();
      }
      navigation.go('report', 'status-disconnected');
      return true;
    case 'queue': {
      const form = document.querySelector<HTMLFormElement>('form.report-form');
      if (navigation.view !== 'report' || !form) return false;
      form.requestSubmit();
      return true;
    }
    case 'search':
      navigation.go('outbox', 'log-search');
      return true;
  }
}

function close(event: KeyboardEvent): boolean {
  const target = event.target;
  // Esc in the search box empties it first (the browser does), before closing anything.
  if (target instanceof HTMLInputElement && target.type === 'search' && target.value !== '') return false;
  if (navigation.view === 'outbox' && outboxLog.selectedId !== null) {
    outboxLog.select(null);
    document.getElementById('log-search')?.focus();
    return true;
  }
  if (navigation.view === 'receipt') {
    if (navigation.receiptId) outboxLog.select(navigation.receiptId);
    navigation.go('outbox', 'detail-heading');
    return true;
  }
  if (navigation.view === 'daySheet') {
    navigation.go('outbox');
    return true;
  }
  return false;
}

/** Listens on the whole window; returns the function that stops listening. */
export function installShortcuts(): () => void {
  const keydown = (event: KeyboardEvent) => {
    // A handler nearer the key used it (the form's own Enter), or a modal dialog is open:
    // the dialog has the keyboard (and closes itself on Esc).
    if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
    const shortcut = shortcutOf(event);
    if (shortcut === null) return;
    const used = shortcut === 'close' ? close(event) : session.configured && run(shortcut);
    if (used) event.preventDefault();
  };
  window.addEventListener('keydown', keydown);
  return () => window.removeEventListener('keydown', keydown);
}
