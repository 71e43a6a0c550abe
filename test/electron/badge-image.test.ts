import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BADGE_SIZE, badgeBitmap } from '../../electron/platform/badge-image.ts';

// The taskbar overlay's picture (Windows): the number of refused reports. Its words are in
// test/i18n/main-texts.test.ts with the rest of the main process's texts.

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
