import { app } from 'electron';
import electronUpdater, { type NsisUpdater } from 'electron-updater';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { UpdateView } from '../../shared/desktop.ts';
import type { Log } from '../core/log.ts';
import { UpdatePolicy } from '../desktop/updates/update-policy.ts';
import { checkInstallerSignature } from '../desktop/updates/installer-signature.ts';
import { isPerMachineInstall, readFeedConfig, updaterCacheBase, updatesOffReason } from '../desktop/updates/update-settings.ts';
import { readMachinePolicy } from '../desktop/updates/machine-policy.ts';
import { UpdateFailure } from '../desktop/updates/update-error.ts';

export interface AppUpdates {
  policy: UpdatePolicy;
  view(): UpdateView;
  /** Installs a ready update now (delivery has stopped): true when the installer starts. */
  install(restartAfter: boolean, requestsInFlight: number): boolean;
}

/**
 * Updates: the plain UpdatePolicy decides when to look, download and install (through the
 * depot's network, with `fetch` = net.fetch); electron-updater installs. The verified
 * installer is put where electron-updater's own cache looks for a finished download, so
 * its downloadUpdate() finds it there and downloads nothing.
 */
export function startUpdates(options: { log: Log; fetch: typeof fetch; isOnline: () => boolean; onChange: (view: UpdateView) => void }): AppUpdates {
  const exe = app.getPath('exe');
  const machine = readMachinePolicy({ platform: process.platform, env: process.env });
  for (const problem of machine.problems) options.log.warn('[updates]', problem);
  const config = app.isPackaged ? readFeedConfig(process.resourcesPath) : { feed: null, problem: null };
  if (config.problem) options.log.warn('[updates]', config.problem);
  const feed = config.feed;
  const offReason = updatesOffReason({
    packaged: app.isPackaged,
    feed,
    policy: machine.policy,
    perMachine: isPerMachineInstall(process.platform, exe, process.env),
    platform: process.platform,
  });
  options.log.info('[updates]', offReason ? `off (${offReason})` : `from ${feed!.url}`);
  // Taken here, not at import: electron-updater makes its updater when first asked.
  const { autoUpdater } = electronUpdater;
  const cacheDir = join(updaterCacheBase(process.platform, process.env, homedir()), feed?.cacheDirName ?? 'usage-place-reporter-updater', 'pending');

  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false; // the app installs itself on quit, after delivery stopped
  autoUpdater.logger = { info: (m) => options.log.info('[electron-updater]', m), warn: (m) => options.log.warn('[electron-updater]', m), error: (m) => options.log.error('[electron-updater]', m) };

  const policy = new UpdatePolicy({
    currentVersion: app.getVersion(),
    feedUrl: feed?.url ?? null,
    offReason,
    platform: process.platform,
    fetch: options.fetch,
    cacheDir,
    isOnline: options.isOnline,
    now: Date.now,
    log: options.log,
    onChange: options.onChange,
    async onReady(release, file) {
      // electron-updater does not check the signature of a file it finds in its cache:
      // checked here, with its own verifier, before the file is put where it looks.
      await checkInstallerSignature({
        platform: process.platform,
        file,
        publisherNames: feed?.publisherNames ?? [],
        verifyWindowsSignature: (names, path) => (autoUpdater as NsisUpdater).verifyUpdateCodeSignature(names, path),
      });
      // electron-updater's DownloadedUpdateHelper reads this to accept a finished download.
      await writeFile(join(cacheDir, 'update-info.json'), JSON.stringify({ fileName: release.fileName, sha512: release.sha512, isAdminRightsRequired: false }));
      const found = await autoUpdater.checkForUpdates();
      if (!found?.isUpdateAvailable) throw new UpdateFailure('not_installable', 'electron-updater does not see the update the feed lists');
      await autoUpdater.downloadUpdate();
    },
  });
  policy.start();
  return {
    policy,
    view: () => policy.view(),
    install(restartAfter, requestsInFlight) {
      if (policy.installDecision(requestsInFlight) !== 'install') return false;
      policy.markInstalling();
      options.log.info('[updates] installing', policy.view().version, restartAfter ? 'and restarting' : 'on quit');
      autoUpdater.quitAndInstall(true, restartAfter);
      return true;
    },
  };
}
