import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeProxy, noProxyMatches, proxyFor, withoutCredentials } from '../../electron/cli/proxy-env.ts';

// Which proxy the CLI takes for a URL, from the environment, as curl decides it.

describe('proxy variables, as curl reads them', () => {
  test('https URLs use HTTPS_PROXY, http URLs HTTP_PROXY; lower case first; ALL_PROXY when the scheme has none', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'plain:8080' };
    assert.deepEqual(proxyFor('https://ropo.example/rest', env), { proxy: 'http://secure:3128/', from: 'HTTPS_PROXY', bypassed: false });
    assert.deepEqual(proxyFor('http://127.0.0.1:8787/rest', env), { proxy: 'http://plain:8080/', from: 'HTTP_PROXY', bypassed: false });
    // As curl: an https URL does not fall back to HTTP_PROXY.
    assert.equal(proxyFor('https://ropo.example/', { HTTP_PROXY: 'http://plain:8080' }).proxy, null);
    assert.equal(proxyFor('https://ropo.example/', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }).from, 'https_proxy');
    assert.equal(proxyFor('https://ropo.example/', { ALL_PROXY: 'http://all:3' }).proxy, 'http://all:3/');
    assert.deepEqual(proxyFor('https://ropo.example/', {}), { proxy: null, from: null, bypassed: false });
  });

  test('a SOCKS proxy is named as unusable (status does not crash on it), with its account masked', () => {
    const socks = proxyFor('https://ropo.example/', { ALL_PROXY: 'socks5://clerk:s3cret@socks.depot:1080' });
    assert.equal(socks.unsupported, 'SOCKS proxies are not supported: usageplace speaks only to http:// and https:// proxies');
    assert.equal(
      describeProxy(socks, 'https://ropo.example/'),
      'socks5://***:***@socks.depot:1080 (from ALL_PROXY): SOCKS proxies are not supported: usageplace speaks only to http:// and https:// proxies, so every request fails',
    );
    assert.doesNotMatch(JSON.stringify(withoutCredentials(socks)), /clerk|s3cret/);
    assert.match(describeProxy(proxyFor('https://ropo.example/', { HTTPS_PROXY: 'http://[nope' }), 'https://ropo.example/'), /unusable: HTTPS_PROXY is not a URL/);
  });

  test('loopback goes through the proxy unless NO_PROXY names it', () => {
    const env = { HTTP_PROXY: 'http://proxy:3128' };
    assert.equal(proxyFor('http://127.0.0.1:8787/rest', env).proxy, 'http://proxy:3128/');
    assert.equal(proxyFor('http://localhost:8787/rest', env).proxy, 'http://proxy:3128/');
    const bypass = proxyFor('http://127.0.0.1:8787/rest', { ...env, NO_PROXY: '127.0.0.1,localhost' });
    assert.deepEqual(bypass, { proxy: null, from: 'NO_PROXY', bypassed: true });
  });

  test('NO_PROXY: *, names with their subdomains, a leading dot, IPs, CIDR, spaces, case', () => {
    assert.ok(noProxyMatches('anything.example', '*'));
    assert.ok(noProxyMatches('ropo.example.fi', 'example.fi'));
    assert.ok(noProxyMatches('ropo.example.fi', '.example.fi'));
    assert.ok(noProxyMatches('example.fi', '.example.fi'));
    assert.ok(!noProxyMatches('badexample.fi', 'example.fi'));
    assert.ok(noProxyMatches('API.Example.FI', ' other.fi ,  example.fi'));
    assert.ok(noProxyMatches('10.1.2.3', '10.0.0.0/8'));
    assert.ok(!noProxyMatches('11.1.2.3', '10.0.0.0/8'));
    assert.ok(noProxyMatches('[::1]', '::1'));
    assert.ok(noProxyMatches('::1', '::/64'));
    assert.ok(!noProxyMatches('127.0.0.2', '127.0.0.1'));
    assert.ok(!noProxyMatches('1.2.3.4', '2.3.4'), 'an IP is not a domain suffix');
  });

  test('status names the proxy without its user name and password', () => {
    const choice = proxyFor('https://ropo.example/', { HTTPS_PROXY: 'http://clerk:s3cret@proxy.depot:3128' });
    assert.equal(describeProxy(choice, 'https://ropo.example/'), 'http://***:***@proxy.depot:3128 (from HTTPS_PROXY)');
    assert.doesNotMatch(JSON.stringify(withoutCredentials(choice)), /clerk|s3cret/);
    assert.equal(describeProxy(proxyFor('https://ropo.example/', { HTTPS_PROXY: 'http://clerk@proxy.depot:3128' }), 'https://ropo.example/'), 'http://***@proxy.depot:3128 (from HTTPS_PROXY)');
    assert.match(describeProxy(proxyFor('http://127.0.0.1/', { HTTP_PROXY: 'p:1', no_proxy: '127.0.0.1' }), 'http://127.0.0.1/'), /none: no_proxy names 127\.0\.0\.1/);
    assert.match(describeProxy(proxyFor('http://127.0.0.1/', {}), 'http://127.0.0.1/'), /^none/);
  });
});
