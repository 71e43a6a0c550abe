import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alarmState, type AlarmKind } from '../../shared/alarms.ts';
import { parseEndpointName, settingsTarget } from '../../shared/endpoint.ts';
import { Core } from '../../electron/core/open-core.ts';
import { REFUSAL_PAUSE_MS, EPISODE_ENDS_AFTER_MS } from '../../electron/core/target-holds.ts';
import type { SecretStore } from '../../electron/core/secret-store.ts';
import { AlarmEpisodes } from '../../electron/desktop/alarm-episodes.ts';
import { tempDir } from '../helpers/harness.ts';

// How often a refusing address and refused reports notify, on a real outbox with the clock
// injected: the core's refusal pauses (what a firewall's 403 leaves, what a try and an online
// signal do to it), the alarm decision, and which episodes were notified, kept in the outbox
// across a restart of the app.

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const secrets: SecretStore = { get: async () => null, set: async () => {}, delete: async () => false };
const temps: { remove: () => void }[] = [];
after(() => temps.forEach((t) => t.remove()));

/** An app on a real outbox at a time the test sets: three reports waiting for a firewalled address. */
function depot() {
  const dir = tempDir('upr-alarm-');
  temps.push(dir);
  const clock = { now: T0 };
  const open = () => {
    const core = new Core({ dataDir: dir.dir, secrets, now: () => clock.now });
    return { core, episodes: new AlarmEpisodes(core.meta, () => clock.now) };
  };
  let app = open();
  app.core.settings.set({ endpoint: parseEndpointName('fi-test'), cid: 'depot' });
  for (let i = 0; i < 3; i++) app.core.reports.create({ status: 'disconnected', usageplacecode: `FW-${i}` });
  const target = settingsTarget(app.core.settings.get()!);
  const notified: { at: number; kinds: AlarmKind[] }[] = [];
  return {
    clock,
    target,
    get core() {
      return app.core;
    },
    /** A status push (every 5 s and on every change in the app): what would be notified now. */
    look() {
      const fresh = app.episodes.fresh(alarmState(app.core.status(), HOUR, clock.now));
      if (fresh.length > 0) notified.push({ at: (clock.now - T0) / MIN, kinds: fresh });
      return fresh;
    },
    /** The firewall answers a try with 403, as the delivery worker records it. */
    refuse() {
      app.core.holds.pauseForRefusal(target, { cause: 'blocked', httpStatus: 403, message: 'HTTP 403' }, clock.now);
    },
    async restart() {
      await app.core.close();
      app = open();
    },
    notified,
    close: () => app.core.close(),
  };
}

describe('a firewall that keeps refusing', () => {
  test('is one notification for 30 minutes of tries every 5 minutes and online signals, and none after a restart', async () => {
    const d = depot();
    d.refuse();
    let lastRefusal = d.clock.now;
    let lifted = false;
    for (; d.clock.now < T0 + 30 * MIN; d.clock.now += 5_000) {
      // The network comes back twice (Wi-Fi, VPN): pauses are lifted, the try goes at once.
      if (d.clock.now === T0 + 7 * MIN || d.clock.now === T0 + 19 * MIN) {
        d.core.holds.liftRefusals(d.clock.now);
        lifted = true;
      } else if (lifted || d.clock.now >= lastRefusal + REFUSAL_PAUSE_MS + 5_000) {
        // The pause ran out (or was lifted): the one try went out and was refused a few seconds later.
        d.refuse();
        lastRefusal = d.clock.now;
        lifted = false;
      }
      d.look();
    }
    assert.deepEqual(d.notified, [{ at: 0, kinds: ['paused'] }]);
    await d.restart();
    assert.deepEqual(d.look(), [], 'the same episode after a restart');
    await d.close();
  });

  test('ends when the address lets a report through, when someone signs in or changes the settings, or after a quiet spell; then it notifies again', async () => {
    const d = depot();
    d.refuse();
    assert.deepEqual(d.look(), ['paused']);
    // Ropo One answered a report: the way is open again.
    d.clock.now += MIN;
    d.core.holds.endRefusalEpisode(d.target);
    d.refuse();
    assert.deepEqual(d.look(), ['paused']);
    // Signing in again or saving the settings.
    d.clock.now += MIN;
    d.core.holds.resume(d.target);
    d.look();
    d.refuse();
    assert.deepEqual(d.look(), ['paused']);
    // No refusal for longer than three tries would take: the next one is news.
    d.clock.now += EPISODE_ENDS_AFTER_MS + MIN;
    d.refuse();
    assert.deepEqual(d.look(), ['paused']);
    await d.close();
  });
});

describe('reports Ropo One refused', () => {
  test('notify once, not again at every login while they are still refused', async () => {
    const d = depot();
    d.core.db.prepare("UPDATE reports SET state = 'failed' WHERE usageplacecode = 'FW-0'").run();
    assert.deepEqual(d.look(), ['refused']);
    await d.restart();
    d.clock.now += 12 * HOUR;
    assert.deepEqual(d.look(), ['stale'], 'only what is new: the reports have waited past the hour now');
    await d.close();
  });
});
