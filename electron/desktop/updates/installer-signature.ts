// Who vouches for an installer before the app hands it to electron-updater.
//
// The sha512 in the feed only proves the file is the one the feed names; whoever controls
// the feed names the file. So what runs must also be signed by us:
//   - Windows: the NSIS installer's Authenticode signature must be valid and issued to one
//     of the publisher names the build was signed with (app-update.yml's publisherName).
//     electron-updater checks that only for files it downloads itself; it takes a file it
//     finds in its cache (where update-policy.ts puts ours) without checking, so the app
//     calls electron-updater's own check (NsisUpdater.verifyUpdateCodeSignature, which asks
//     PowerShell's Get-AuthenticodeSignature) here, before the file is offered.
//   - macOS: Squirrel.Mac, which installs the zip, refuses an app whose code signature does
//     not satisfy the running app's designated requirement; nothing more to do here.
//   - Linux (the AppImage, for trainers): no signature; the https feed and its sha512 only.

import { UpdateFailure } from './update-error.ts';

/** electron-updater's verifier: null when the file is signed by one of `publisherNames`, else why not. */
export type VerifyWindowsSignature = (publisherNames: string[], file: string) => Promise<string | null>;

/** Throws (and so the installer is thrown away and fetched again later) unless `file` may be installed. */
export async function checkInstallerSignature(options: {
  platform: NodeJS.Platform;
  file: string;
  publisherNames: readonly string[];
  verifyWindowsSignature: VerifyWindowsSignature;
}): Promise<void> {
  if (options.platform !== 'win32') return;
  // update-settings.ts turns updates off for such a build; this is the last line, not the first.
  if (options.publisherNames.length === 0) throw new UpdateFailure('not_signed', 'this build names no publisher, so no installer can be checked; not installing it');
  const problem = await options.verifyWindowsSignature([...options.publisherNames], options.file);
  if (problem !== null) throw new UpdateFailure('not_signed', `the installer is not signed by ${options.publisherNames.join(' or ')}: ${problem}`);
}
