import { APP_DIR_NAME } from '../core/data-paths.ts';

// Who the app is to the operating system. No 'electron' import here, so tests can check
// that electron-builder.yml says the same (test/electron/packaging.test.ts).

/** The app's name to the OS (menus, notifications, the keychain); also the data folder's name on Windows and macOS. */
export const PRODUCT_NAME = APP_DIR_NAME;

/**
 * The bundle id (macOS) and AppUserModelID (Windows; notifications need it to match the
 * Start-menu shortcut the installer makes). Must equal `appId` in electron-builder.yml.
 */
export const APP_ID = 'fi.usageplace.reporter';
