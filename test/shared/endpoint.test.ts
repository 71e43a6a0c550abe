// Endpoints say what they are: Ropo One's own addresses are its presets (production is
// never shown as a test), and plain http is only for this computer's literal addresses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiBaseUrl, Endpoint, Settings, isProduction, parseEndpointName } from '../../shared/endpoint.ts';
import { fieldProblems } from '../../shared/field-problems.ts';

describe('a custom URL of Ropo One is its preset', () => {
  const cases = [
    ['https://ropo24.fi', 'fi', 'production'],
    ['https://ropo24.fi/rest', 'fi', 'production'],
    ['https://ROPO24.FI/rest/', 'fi', 'production'],
    ['https://ropo24.fi.:443/', 'fi', 'production'],
    ['  https://ropo24.se  ', 'se', 'production'],
    ['https://ropo24.no/rest', 'no', 'production'],
    ['https://rc.ropo24.fi', 'fi', 'test'],
    ['https://Rc.Ropo24.Se/rest', 'se', 'test'],
  ] as const;

  test('wherever an endpoint is parsed: the command line, the sign-in request, stored settings', () => {
    for (const [url, country, stage] of cases) {
      const preset = { kind: 'preset', country, stage };
      assert.deepEqual(Endpoint.parse({ kind: 'custom', baseUrl: url }), preset, url);
      assert.deepEqual(parseEndpointName(url), preset, url);
      assert.deepEqual(Settings.parse({ endpoint: { kind: 'custom', baseUrl: url }, cid: 'c' }).endpoint, preset, url);
      assert.equal(isProduction(Endpoint.parse({ kind: 'custom', baseUrl: url })), stage === 'production', url);
    }
  });

  test('an endpoint built without parsing is still judged by its address', () => {
    assert.equal(isProduction({ kind: 'custom', baseUrl: 'https://ropo24.fi/rest' }), true);
    assert.equal(isProduction({ kind: 'custom', baseUrl: 'https://rc.ropo24.fi/rest' }), false);
    assert.equal(isProduction({ kind: 'custom', baseUrl: 'http://127.0.0.1:8787/rest' }), false);
  });

  test('any other address on their domains is refused, naming the presets to choose', () => {
    for (const url of ['https://ropo24.fi/other', 'https://ropo24.fi:8443', 'https://api.ropo24.se', 'https://x.rc.ropo24.no/rest']) {
      const result = ApiBaseUrl.safeParse(url);
      assert.equal(result.success, false, url);
      assert.match(result.error!.issues[0]!.message, /Ropo One's own addresses: choose (Finland|Sweden|Norway) test or \1 production/, url);
    }
    // Only the domain itself and its subdomains: a look-alike is just another host.
    assert.equal(ApiBaseUrl.parse('https://notropo24.fi'), 'https://notropo24.fi/rest');
    assert.equal(ApiBaseUrl.parse('https://ropo24.fi.example.com'), 'https://ropo24.fi.example.com/rest');
  });
});

describe('plain http only for the literal loopback addresses', () => {
  test('127.0.0.0/8 and [::1], in any form the URL parser knows', () => {
    for (const url of ['http://127.0.0.1:8787', 'http://127.9.8.7', 'http://127.1:9', 'http://[::1]:8080/rest', 'http://0x7f000001']) {
      assert.ok(ApiBaseUrl.safeParse(url).success, url);
    }
  });

  test('not the name localhost, nor anything else', () => {
    for (const url of ['http://localhost:8787', 'http://LOCALHOST', 'http://localhost.:80', 'http://127.0.0.1.nip.io', 'http://[::2]', 'http://0.0.0.0', 'http://10.0.0.1']) {
      const result = ApiBaseUrl.safeParse(url);
      assert.equal(result.success, false, url);
      assert.match(result.error!.issues[0]!.message, /127\.0\.0\.1 or \[::1\], not "localhost"/, url);
    }
  });

  test('a URL longer than any real one is refused', () => {
    assert.equal(ApiBaseUrl.safeParse(`https://example.com/${'a'.repeat(600)}`).success, false);
  });
});

describe('the refusals reach the window as codes, not English', () => {
  test('another address on Ropo One’s domain names the country whose presets to choose', () => {
    const result = ApiBaseUrl.safeParse('https://api.ropo24.se');
    assert.equal(result.success, false);
    const [problem] = fieldProblems(result.error!, 'customUrl');
    assert.equal(problem?.code, 'url_ropo_address');
    assert.deepEqual(problem?.params, { country: 'se' });
  });

  test('plain http to the name localhost is the https rule, with no params', () => {
    const result = ApiBaseUrl.safeParse('http://localhost:8787');
    assert.equal(result.success, false);
    const [problem] = fieldProblems(result.error!, 'customUrl');
    assert.equal(problem?.code, 'url_not_https');
    assert.equal(problem?.params, undefined);
  });

  test('a URL longer than any real one is too long, with its maximum', () => {
    const result = ApiBaseUrl.safeParse(`https://example.com/${'a'.repeat(600)}`);
    const [problem] = fieldProblems(result.error!, 'customUrl');
    assert.equal(problem?.code, 'too_long');
    assert.deepEqual(problem?.params, { max: 500 });
  });
});
