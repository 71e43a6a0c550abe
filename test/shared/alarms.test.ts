import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alarmState, PAUSE_REMEMBERED_MS, trackEpisodes, type AlarmKind, type NotifiedEpisodes } from '../../shared/alarms.ts';
import type { OutboxStatus } from '../../shared/outbox-status.ts';

// When the outbox raises an alarm, with the clock injected: the oldest unsent report waited
// past the threshold, a refusal, a sign-in needed; and one notification per episode.

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const counts = (c: Partial<OutboxStatus['counts']> = {}): OutboxStatus['counts'] =>
  ({ queued: 0, sending: 0, sent: 0, failed: 0, held: 0, discarded: 0, superseded: 0, ...c });
type Input = Pick<OutboxStatus, 'counts' | 'oldestUnsentAt' | 'waitReason' | 'signInNeeded' | 'endpointPauses'>;
const status = (s: Partial<Input> = {}): Input =>
  ({ counts: counts(), oldestUnsentAt: null, waitReason: null, signInNeeded: [], endpointPauses: [], ...s });
const TARGET = { baseUrl: 'https://ropo.example/rest', cid: 'c' };
const signIn: OutboxStatus['signInNeeded'] = [{ target: TARGET, reason: 'api_code_refused', error: null, since: T0 }];
const blocked: OutboxStatus['endpointPauses'] = [{ target: TARGET, cause: 'blocked', httpStatus: 403, since: T0, until: T0 + 15 * 60_000 }];

describe('alarmState', () => {
  test('nothing waits: all sent, no alarm, no badge', () => {
    assert.deepEqual(alarmState(status({ counts: counts({ sent: 5 }) }), HOUR, T0), {
      level: 'ok', line: { kind: 'allSent' }, raised: [], episodes: [], refused: 0, waiting: 0, oldestMs: 0,
    });
  });

  test('reports waiting: busy until the oldest has waited past the threshold, then an alarm with how long', () => {
    const waiting = status({ counts: counts({ queued: 10, sending: 2 }), oldestUnsentAt: T0, waitReason: 'server_unreachable' });
    const early = alarmState(waiting, HOUR, T0 + 59 * 60_000);
    assert.equal(early.level, 'busy');
    assert.deepEqual(early.raised, []);
    assert.deepEqual(early.line, { kind: 'waiting', waiting: 12, oldestMs: 59 * 60_000, reason: 'server_unreachable' });
    const late = alarmState(waiting, HOUR, T0 + 2 * HOUR + 10 * 60_000);
    assert.equal(late.level, 'alarm');
    assert.deepEqual(late.raised, ['stale']);
    assert.deepEqual(late.line, { kind: 'waiting', waiting: 12, oldestMs: 2 * HOUR + 10 * 60_000, reason: 'server_unreachable' });
    // Exactly at the threshold is not past it; the threshold is the clerk's.
    assert.equal(alarmState(waiting, HOUR, T0 + HOUR).level, 'busy');
    assert.equal(alarmState(waiting, 5 * 60_000, T0 + 6 * 60_000).level, 'alarm');
  });

  test('refused reports: alarm and badge count; sign-in needed comes first on the line', () => {
    const refused = alarmState(status({ counts: counts({ failed: 2, held: 1 }), oldestUnsentAt: T0 }), HOUR, T0 + 60_000);
    assert.deepEqual(refused, {
      level: 'alarm', line: { kind: 'refused', refused: 2 }, raised: ['refused'], episodes: ['refused'], refused: 2, waiting: 1, oldestMs: 60_000,
    });
    const all = alarmState(status({ counts: counts({ failed: 2, queued: 3 }), oldestUnsentAt: T0, signInNeeded: signIn }), HOUR, T0 + 3 * HOUR);
    assert.deepEqual(all.raised, ['signIn', 'refused', 'stale']);
    assert.deepEqual(all.line, { kind: 'signIn', reason: 'api_code_refused' });
    assert.equal(all.refused, 2);
    assert.equal(all.waiting, 3);
    assert.equal(all.oldestMs, 3 * HOUR);
  });
});

describe('an address that refuses us', () => {
  test('is an alarm at once, like a sign-in, with its cause: nothing goes until someone looks', () => {
    const paused = alarmState(status({ counts: counts({ queued: 3 }), oldestUnsentAt: T0, waitReason: 'endpoint_refused', endpointPauses: blocked }), HOUR, T0 + 60_000);
    assert.deepEqual(paused, {
      level: 'alarm',
      line: { kind: 'paused', waiting: 3, oldestMs: 60_000, cause: 'blocked', httpStatus: 403 },
      raised: ['paused'],
      // The pause's episode: its target and since when it refuses (the core keeps `since` across tries).
      episodes: [`paused:c@https://ropo.example/rest@${T0}`],
      refused: 0,
      waiting: 3,
      oldestMs: 60_000,
    });
  });

  test('comes after a sign-in and before refusals on the line; past the threshold it is stale too', () => {
    const all = alarmState(
      status({ counts: counts({ queued: 3, failed: 1 }), oldestUnsentAt: T0, signInNeeded: signIn, endpointPauses: blocked }), HOUR, T0 + 2 * HOUR,
    );
    assert.deepEqual(all.raised, ['signIn', 'paused', 'refused', 'stale']);
    assert.deepEqual(all.line, { kind: 'signIn', reason: 'api_code_refused' });
    const noSignIn = alarmState(status({ counts: counts({ queued: 3, failed: 1 }), oldestUnsentAt: T0, endpointPauses: blocked }), HOUR, T0);
    assert.equal(noSignIn.line.kind, 'paused');
  });

  test('holds nobody up when nothing waits to go: no alarm for it', () => {
    const idle = alarmState(status({ counts: counts({ sent: 4 }), endpointPauses: blocked }), HOUR, T0);
    assert.deepEqual(idle, { level: 'ok', line: { kind: 'allSent' }, raised: [], episodes: [], refused: 0, waiting: 0, oldestMs: 0 });
  });
});

describe('one notification per episode', () => {
  test('a condition notifies when it begins, not again while it lasts, and again after it cleared', () => {
    const waiting = (queued: number, oldestUnsentAt: number | null) => status({ counts: counts({ queued }), oldestUnsentAt });
    const timeline: [number, ReturnType<typeof status>][] = [
      [T0, waiting(1, T0)],
      [T0 + 30 * 60_000, waiting(5, T0)],
      [T0 + 61 * 60_000, waiting(40, T0)], // past the hour: one notification
      [T0 + 90 * 60_000, waiting(400, T0)], // still the same episode, however many more wait
      [T0 + 95 * 60_000, status({ counts: counts({ queued: 400, failed: 1 }), oldestUnsentAt: T0 })], // a refusal: its own
      [T0 + 96 * 60_000, status({ counts: counts({ queued: 400, failed: 3 }), oldestUnsentAt: T0 })], // more refusals: same episode
      [T0 + 100 * 60_000, status({ counts: counts({ sent: 400, failed: 3 }) })], // all sent: the waiting episode ends
      [T0 + 110 * 60_000, waiting(1, T0 + 110 * 60_000)],
      [T0 + 171 * 60_000, waiting(1, T0 + 110 * 60_000)], // a new outage past the hour: a new notification
    ];
    let memory: NotifiedEpisodes = [];
    const notified: [number, AlarmKind[]][] = [];
    for (const [now, s] of timeline) {
      const { fresh, notified: next } = trackEpisodes(memory, alarmState(s, HOUR, now), now);
      if (fresh.length > 0) notified.push([(now - T0) / 60_000, fresh]);
      memory = next;
    }
    assert.deepEqual(notified, [[61, ['stale']], [95, ['refused']], [171, ['stale']]]);
  });
});

describe('a refusal episode, and a restart', () => {
  const MIN = 60_000;
  const queued = (pauses: OutboxStatus['endpointPauses']) => status({ counts: counts({ queued: 3 }), oldestUnsentAt: T0, endpointPauses: pauses });
  const pause = (since: number, until: number): OutboxStatus['endpointPauses'] => [{ target: TARGET, cause: 'blocked', httpStatus: 403, since, until }];

  test('a pause that runs out, is tried (the try under way: not paused) and refused again, is one notification, not one per try', () => {
    let memory: NotifiedEpisodes = [];
    let notifications = 0;
    // 30 minutes of a firewall that refuses every try: a status every 5 s, a try every 5 minutes,
    // the core keeping the episode's `since` (T0) across the tries.
    for (let now = T0; now < T0 + 30 * MIN; now += 5_000) {
      const sinceTry = (now - T0) % (5 * MIN);
      const s = sinceTry < 5_000 && now > T0 ? queued([]) : queued(pause(T0, now - sinceTry + 5 * MIN));
      const tracked = trackEpisodes(memory, alarmState(s, HOUR, now), now);
      notifications += tracked.fresh.length;
      memory = tracked.notified;
    }
    assert.equal(notifications, 1);
  });

  test('a new episode (a new `since`: the address let reports through in between, or the settings changed) notifies again', () => {
    const first = trackEpisodes([], alarmState(queued(pause(T0, T0 + 5 * MIN)), HOUR, T0), T0);
    assert.deepEqual(first.fresh, ['paused']);
    const later = T0 + 40 * MIN;
    assert.deepEqual(trackEpisodes(first.notified, alarmState(queued(pause(later, later + 5 * MIN)), HOUR, later), later).fresh, ['paused']);
  });

  test('what was notified is remembered across a restart (kept as JSON): the same episodes do not notify again', () => {
    const s = status({ counts: counts({ queued: 3, failed: 2 }), oldestUnsentAt: T0, endpointPauses: pause(T0, T0 + 5 * MIN) });
    const before = trackEpisodes([], alarmState(s, HOUR, T0 + 2 * HOUR), T0 + 2 * HOUR);
    assert.deepEqual(before.fresh, ['paused', 'refused', 'stale']);
    const restored = JSON.parse(JSON.stringify(before.notified)) as NotifiedEpisodes;
    const after = T0 + 2 * HOUR + 5 * MIN;
    assert.deepEqual(trackEpisodes(restored, alarmState(s, HOUR, after), after).fresh, []);
  });

  test('a pause is remembered for an hour after it was last seen; cleared conditions are forgotten at once', () => {
    const { notified } = trackEpisodes([], alarmState(status({ counts: counts({ queued: 3, failed: 1 }), oldestUnsentAt: T0, endpointPauses: pause(T0, T0 + MIN) }), HOUR, T0), T0);
    const cleared = trackEpisodes(notified, alarmState(status({ counts: counts({ sent: 4 }) }), HOUR, T0 + MIN), T0 + MIN);
    assert.deepEqual(cleared.notified.map((n) => n.key), [`paused:c@https://ropo.example/rest@${T0}`]);
    assert.deepEqual(trackEpisodes(cleared.notified, alarmState(status(), HOUR, T0 + PAUSE_REMEMBERED_MS + MIN), T0 + PAUSE_REMEMBERED_MS + MIN).notified, []);
  });
});
