import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainTexts, waitedFor } from '../../electron/platform/main-texts.ts';
import { BADGE_SIZE, badgeBitmap } from '../../electron/platform/badge-image.ts';

// What the tray, the notifications and the taskbar badge show for an alarm (the English
// table; the words move into the catalogues with issue 10).

test('tray lines: all sent, waiting with the oldest and the reason, refused, sign in again', () => {
  const line = mainTexts.tray.line;
  assert.equal(line({ kind: 'allSent' }), 'All sent');
  assert.equal(line({ kind: 'waiting', waiting: 12, oldestMs: (2 * 60 + 10) * 60_000, reason: 'server_unreachable' }),
    '12 waiting, oldest 2 h 10 min: Ropo One cannot be reached');
  assert.equal(line({ kind: 'waiting', waiting: 1, oldestMs: 30_000, reason: 'backoff' }), '1 waiting, oldest less than a minute');
  assert.equal(line({ kind: 'refused', refused: 2 }), '2 refused');
  assert.equal(line({ kind: 'signIn' }), 'Sign in again');
  assert.equal(waitedFor(45 * 60_000), '45 min');
});

test('the quit question says how many and that they are kept', () => {
  assert.equal(`${mainTexts.quit.message(3)} ${mainTexts.quit.detail}`, '3 reports are not sent yet. They are kept and sent the next time the app runs.');
  assert.deepEqual(mainTexts.quit.buttons, ['Keep sending in the background', 'Quit']);
});

test('the taskbar badge: a red disc with white digits, "9+" past nine', () => {
  const pixel = (bitmap: Buffer, x: number, y: number) => [...bitmap.subarray((y * BADGE_SIZE + x) * 4, (y * BADGE_SIZE + x) * 4 + 4)];
  const two = badgeBitmap(2);
  assert.equal(two.length, BADGE_SIZE * BADGE_SIZE * 4);
  assert.deepEqual(pixel(two, 0, 0), [0, 0, 0, 0], 'the corner is transparent');
  assert.deepEqual(pixel(two, 4, 16), [0x28, 0x28, 0xc6, 0xff], 'red inside the disc');
  const white = (b: Buffer) => [...Array(BADGE_SIZE * BADGE_SIZE).keys()].filter((i) => b[i * 4] === 0xff && b[i * 4 + 2] === 0xff).length;
  assert.ok(white(two) > 20, 'a digit is drawn');
  assert.notDeepEqual(badgeBitmap(1), two);
  assert.deepEqual(badgeBitmap(12), badgeBitmap(99), 'both show 9+');
});
