import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_DESKTOP, type DesktopHooks } from '../ipc/desktop-hooks.ts';

/**
 * The preview's stand-in for the desktop shell: no login item and no updates (a browser
 * tab has neither), and "Save diagnostics" writes into `<data>/diagnostics/`, since a
 * browser page has no save dialog the main process could open.
 */
export function previewDesktop(dataDir: string, appVersion: string): DesktopHooks {
  return {
    ...NO_DESKTOP,
    versions: () => ({ app: appVersion, node: process.versions.node }),
    async saveFile(name, bytes) {
      const dir = join(dataDir, 'diagnostics');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), bytes);
      return join(dir, name);
    },
  };
}
