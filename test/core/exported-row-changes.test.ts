import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedFields } from '../../electron/core/exported-row-changes.ts';
import type { ReportInput } from '../../shared/report-input.ts';
import type { UsageplaceEvent } from '../../shared/usageplace-event.ts';

// What Excel does to a file it saves again is no change; anything else is one.

const stored: UsageplaceEvent = {
  id: '9b2d8c1e-3f4a-4b5c-8d6e-7f8091a2b3c4', status: 'disconnected', usageplacecode: '0643007572062443672', customernumber: '007',
  contract_no: 'K-1', invoices: [{ invoicenumber: '0594294', jobid: 1234 }, { invoicenumber: 'LASKU 2', jobid: 5 }],
  time: '2024-01-04 23:59:45', description: 'Łódź 👍 käytävässä',
};
const row = (changes: Partial<ReportInput> = {}, timeHasSeconds = true) => ({
  report: {
    status: stored.status, usageplacecode: stored.usageplacecode, customernumber: stored.customernumber, contract_no: stored.contract_no,
    invoices: stored.invoices!, time: stored.time, description: stored.description, ...changes,
  },
  timeHasSeconds,
});

test('the same row is the same report', () => {
  assert.deepEqual(changedFields(row(), stored, 'utf-8'), []);
  assert.deepEqual(changedFields(row({ invoices: [...stored.invoices!].reverse() }), stored, 'utf-8'), [], 'invoices in any order');
});

test('a time to the minute, cut or rounded, when the row has no seconds (across midnight too)', () => {
  assert.deepEqual(changedFields(row({ time: '2024-01-04 23:59:00' }, false), stored, 'utf-8'), []);
  assert.deepEqual(changedFields(row({ time: '2024-01-05 00:00:00' }, false), stored, 'utf-8'), [], 'rounded from :45');
  assert.deepEqual(changedFields(row({ time: '2024-01-04 23:58:00' }, false), stored, 'utf-8'), ['time']);
  assert.deepEqual(changedFields(row({ time: '2024-01-04 23:59:00' }, true), stored, 'utf-8'), ['time'], 'seconds given are meant');
  const early = { ...stored, time: '2024-01-04 10:41:20' };
  assert.deepEqual(changedFields(row({ time: '2024-01-04 10:42:00' }, false), early, 'utf-8'), ['time'], 'not rounded up from :20');
});

test('codes of digits as Excel stores numbers: leading zeros gone, 15 digits kept (cut or rounded)', () => {
  assert.deepEqual(changedFields(row({ usageplacecode: '643007572062443000', customernumber: '7' }), stored, 'utf-8'), []);
  assert.deepEqual(changedFields(row({ usageplacecode: '643007572062444000' }), stored, 'utf-8'), [], 'rounded');
  assert.deepEqual(changedFields(row({ usageplacecode: '643007572062445000' }), stored, 'utf-8'), ['usageplacecode']);
  assert.deepEqual(changedFields(row({ contract_no: 'K-01', customernumber: '07' }), stored, 'utf-8'), ['customernumber', 'contract_no'], 'only what Excel makes of it');
  assert.deepEqual(changedFields(row({ invoices: [{ invoicenumber: '594294', jobid: 1234 }, { invoicenumber: 'LASKU 2', jobid: 5 }] }), stored, 'utf-8'), []);
  assert.deepEqual(changedFields(row({ invoices: [{ invoicenumber: '0594294', jobid: 1234 }] }), stored, 'utf-8'), ['invoices']);
});

test('characters Windows-1252 lacks may read as any one character, from a Windows-1252 file only', () => {
  assert.deepEqual(changedFields(row({ description: '?ód? ?? käytävässä' }), stored, 'windows-1252'), []);
  assert.deepEqual(changedFields(row({ description: 'Lódz ?? käytävässä' }), stored, 'windows-1252'), [], 'a look-alike');
  assert.deepEqual(changedFields(row({ description: '?ód? ?? käytävässa' }), stored, 'windows-1252'), ['description'], 'ä is in Windows-1252');
  assert.deepEqual(changedFields(row({ description: '?ód? ?? käytävässä' }), stored, 'utf-8'), ['description']);
  assert.deepEqual(changedFields(row({ status: 'connected', description: 'x' }), stored, 'windows-1252'), ['status', 'description']);
});
