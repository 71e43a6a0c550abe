import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { APP_ENTRY_URL, contentTypeFor, isAppPageUrl, isAppUrl, resolveAppFile } from '../../electron/platform/app-url.ts';

// How app:// requests map to files in dist/renderer (electron/platform/app-protocol.ts
// serves them): the page and its assets, and nothing outside the folder.

// Any folder will do (nothing is read): one under the current directory, as no machine's own path.
const ROOT = resolve('app', 'dist', 'renderer');

describe('app:// requests', () => {
  test('the page and its assets map to files inside dist/renderer', () => {
    assert.equal(resolveAppFile(ROOT, APP_ENTRY_URL), join(ROOT, 'index.html'));
    assert.equal(resolveAppFile(ROOT, 'app://renderer/'), join(ROOT, 'index.html'));
    assert.equal(resolveAppFile(ROOT, 'app://renderer/assets/index-AbC123.js'), join(ROOT, 'assets', 'index-AbC123.js'));
    assert.equal(resolveAppFile(ROOT, 'app://renderer/assets/a%20b.css?v=1#x'), join(ROOT, 'assets', 'a b.css'));
  });

  test('anything outside the folder, another host or another scheme is refused', () => {
    // Plain dot segments never get here: the URL parser resolves them inside the origin.
    assert.equal(resolveAppFile(ROOT, 'app://renderer/../../package.json'), join(ROOT, 'package.json'));
    assert.equal(resolveAppFile(ROOT, 'app://renderer/%2e%2e/%2e%2e/etc/passwd'), join(ROOT, 'etc', 'passwd'));
    const refused = [
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/assets/%2e%2e%2f%2e%2e%2fout%2fmain%2fmain.js',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/assets%5c..%5c..%5csecret',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'https://renderer/index.html',
      'not a url',
    ];
    for (const url of refused) assert.equal(resolveAppFile(ROOT, url), null, url);
  });

  test('only the app page counts as a place the window may navigate to', () => {
    assert.ok(isAppPageUrl(APP_ENTRY_URL));
    assert.ok(isAppPageUrl('app://renderer/index.html#/log'));
    assert.ok(isAppPageUrl('app://renderer/'));
    assert.ok(!isAppPageUrl('app://renderer/assets/x.js'));
    assert.ok(!isAppPageUrl('https://example.com/'));
    assert.ok(!isAppPageUrl('file:///C:/index.html'));
    assert.ok(isAppUrl('app://renderer/assets/x.js'));
    assert.ok(!isAppUrl('app://renderer.evil/x'));
  });

  test('content types for what Vite emits', () => {
    assert.equal(contentTypeFor('/a/index.html'), 'text/html; charset=utf-8');
    assert.equal(contentTypeFor('/a/x.JS'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeFor('/a/x.css'), 'text/css; charset=utf-8');
    assert.equal(contentTypeFor('/a/x.woff2'), 'font/woff2');
    assert.equal(contentTypeFor('/a/x.bin'), 'application/octet-stream');
  });
});
