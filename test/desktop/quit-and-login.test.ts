import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { quitAnswer, quitDecision, unsentCount } from '../../electron/desktop/quit-decision.ts';
import { HIDDEN_FLAG, linuxAutostartEntry, linuxAutostartFile, startsHidden } from '../../electron/desktop/login-item.ts';

// The plain decisions behind quitting and starting at login; the platform code only shows them.

describe('quitting', () => {
  const counts = { queued: 3, sending: 1, held: 2, failed: 4, sent: 10, discarded: 0, superseded: 0 };

  test('unsent means queued, sending or held; failed reports wait for a person, not for the next run', () => {
    assert.equal(unsentCount(counts), 6);
  });

  test('the clerk quitting with reports unsent is asked; with none, or once confirmed, quits', () => {
    assert.deepEqual(quitDecision({ reason: 'user', unsent: 6, confirmed: false }), { kind: 'ask', unsent: 6 });
    assert.deepEqual(quitDecision({ reason: 'user', unsent: 0, confirmed: false }), { kind: 'quit' });
    assert.deepEqual(quitDecision({ reason: 'user', unsent: 6, confirmed: true }), { kind: 'quit' });
  });

  test('shutting down or logging off never asks; nor does "Restart to update"', () => {
    assert.deepEqual(quitDecision({ reason: 'shutdown', unsent: 6, confirmed: false }), { kind: 'quit' });
    assert.deepEqual(quitDecision({ reason: 'update', unsent: 6, confirmed: false }), { kind: 'quit' });
  });

  test('the default button (and Esc) keeps sending', () => {
    assert.equal(quitAnswer(0), 'keep');
    assert.equal(quitAnswer(1), 'quit');
    assert.equal(quitAnswer(-1), 'keep');
  });
});

describe('starting at login', () => {
  test('started hidden by our own flag (Windows, Linux) or because macOS opened it at login', () => {
    assert.equal(startsHidden(['app.exe', HIDDEN_FLAG], false), true);
    assert.equal(startsHidden(['app.exe'], true), true);
    assert.equal(startsHidden(['app.exe'], false), false);
  });

  test('Linux: an XDG autostart entry with the flag, the executable quoted', () => {
    assert.equal(linuxAutostartFile({}, '/home/clerk'), '/home/clerk/.config/autostart/usage-place-reporter.desktop');
    assert.equal(linuxAutostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/clerk'), '/cfg/autostart/usage-place-reporter.desktop');
    const entry = linuxAutostartEntry('/opt/Usage Place Reporter/upr "x"', []);
    assert.match(entry, /^Exec="\/opt\/Usage Place Reporter\/upr \\"x\\"" --hidden$/m);
    assert.match(entry, /^Type=Application$/m);
  });
});
