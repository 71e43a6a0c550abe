import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * A small application menu: Quit, and the Edit menu, without which macOS has no Cmd+C /
 * Cmd+V in the form's fields. Developer tools only in development.
 */
export function setAppMenu(options: { devTools: boolean }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : [{ label: '&File', submenu: [{ role: 'quit' } as const] }]),
    { role: 'editMenu' },
    ...(options.devTools ? [{ label: 'Developer', submenu: [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const] }] : []),
    ...(isMac ? [{ role: 'windowMenu' } as const] : []),
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
