import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateErrorCode } from '../../shared/desktop.ts';
import { updateErrorText } from '../../renderer/src/components/settings/update-texts.ts';

// The Settings view's "The last try did not finish (…)" line gets its reason from a code the
// main process sends (shared/desktop.ts UpdateError), worded by the window's catalogue.

test('every update error code has the window\'s words, with the HTTP status where there is one', () => {
  for (const code of UpdateErrorCode.options) {
    const text = updateErrorText({ code, httpStatus: code === 'server_answered' ? 404 : null });
    assert.ok(text.length > 0, code);
  }
  assert.equal(updateErrorText({ code: 'server_answered', httpStatus: 404 }), 'the update server answered HTTP 404');
  assert.equal(updateErrorText({ code: 'download_stopped', httpStatus: null }), 'the download stopped part-way');
});
