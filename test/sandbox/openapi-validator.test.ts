// The OpenAPI document copied into the project is Ropo One's, and its schemas judge bodies
// the way the published contract says (jobid is an integer, not the guide's "1234").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateAgainstOpenApi } from '../../electron/sandbox/openapi-validator.ts';
import { GUIDE_EVENT } from './sim-client.ts';

describe('validateAgainstOpenApi', () => {
  it('accepts the guide example with jobid as an integer', () => {
    assert.deepEqual(validateAgainstOpenApi('event', GUIDE_EVENT), { valid: true, errors: [] });
  });

  it('rejects the guide example as printed, with jobid "1234"', () => {
    const printed = { ...GUIDE_EVENT, invoices: [{ invoicenumber: '594294', jobid: '1234' }] };
    const result = validateAgainstOpenApi('event', printed);
    assert.equal(result.valid, false);
    assert.deepEqual(result.errors, ['invoices.0.jobid: must be integer']);
  });

  it('checks token requests against AuthLogin', () => {
    assert.equal(validateAgainstOpenApi('token', { cid: 'demo', apicode: 'x' }).valid, true);
    assert.deepEqual(validateAgainstOpenApi('token', {}).errors, ['cid: is required', 'apicode: is required']);
    assert.deepEqual(validateAgainstOpenApi('token', null).errors, ['body: must be object']);
  });

  it('uses an unchanged copy of the shared OpenAPI document', { skip: !existsShared() && 'no /work/shared here' }, () => {
    const copy = readFileSync(new URL('../../electron/sandbox/ropo-one.openapi.json', import.meta.url), 'utf8');
    const original = readFileSync('/work/shared/spec/ropo-one.openapi.json', 'utf8');
    assert.equal(copy, original);
  });
});

function existsShared(): boolean {
  try {
    readFileSync('/work/shared/spec/ropo-one.openapi.json');
    return true;
  } catch {
    return false;
  }
}
