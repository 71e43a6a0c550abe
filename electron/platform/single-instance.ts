import { app } from 'electron';

/**
 * One app per user (and data folder): a second launch hands over to the first, which
 * brings its window forward, and the second quits. Returns false in that second launch.
 */
export function claimSingleInstance(onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}
