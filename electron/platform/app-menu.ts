import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Locale } from '../../shared/i18n/locale.ts';
import { menuTexts } from '../ipc/main-texts.ts';

/**
 * A small application menu: Quit, and the Edit menu, without which macOS has no Cmd+C /
 * Cmd+V in the form's fields. Labelled in the clerk's language (roles would be English on
 * Windows and Linux); macOS's own app and window menus stay the system's. Developer tools
 * only in development, in English: no clerk sees them.
 */
export function setAppMenu(options: { devTools: boolean; locale: Locale }): void {
  const isMac = process.platform === 'darwin';
  const t = menuTexts(options.locale);
  const edit: MenuItemConstructorOptions = {
    // "&" marks the Alt-key letter on Windows and Linux; macOS has no such letters.
    label: isMac ? t.edit.replace('&', '') : t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      { type: 'separator' },
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : [{ label: t.file, submenu: [{ role: 'quit', label: t.quit } as const] }]),
    edit,
    ...(options.devTools ? [{ label: 'Developer', submenu: [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const] }] : []),
    ...(isMac ? [{ role: 'windowMenu' } as const] : []),
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
