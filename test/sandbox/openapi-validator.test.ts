// The OpenAPI document copied into the project is Ropo One's, and its schemas judge bodies
// the way the published contract says (jobid is an integer, not the guide's "1234").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateAgainstOpenApi } from '../../electron/sandbox/openapi-validator.ts';
import { GUIDE_EVENT } from './sim-client.ts';

const SHARED_SPEC_SHOWN = '../shared/spec/ropo-one.openapi.json';
/** ../shared/spec/ropo-one.openapi.json from the project's root, wherever the project is. */
const SHARED_SPEC = fileURLToPath(new URL(`../../${SHARED_SPEC_SHOWN}`, import.meta.url));

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

  // The shared documents sit beside the project (../shared, as the README says). A
  // developer's clone may not have them, and the check is skipped saying so; CI must.
  it('uses an unchanged copy of the shared OpenAPI document', { skip: !existsSync(SHARED_SPEC) && process.env.CI !== 'true' && `no ${SHARED_SPEC_SHOWN} beside the project` }, () => {
    assert.ok(existsSync(SHARED_SPEC), `CI=true: the shared OpenAPI document must be at ${SHARED_SPEC_SHOWN} (beside the project)`);
    const copy = readFileSync(new URL('../../electron/sandbox/ropo-one.openapi.json', import.meta.url), 'utf8');
    const original = readFileSync(SHARED_SPEC, 'utf8');
    assert.equal(copy, original);
  });
});
