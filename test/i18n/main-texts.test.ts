import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alarmLineText, alarmNotification, badgeText, diagnosticsDialogTexts, menuTexts, quitQuestion, startFailedTitle, trayMenuTexts,
  trayTooltip, waitedFor,
} from '../../electron/ipc/main-texts.ts';
import { alarmState, type AlarmState } from '../../shared/alarms.ts';
import type { OutboxStatus } from '../../shared/outbox-status.ts';

// The main process's own words (tray, notifications, taskbar badge, quit question, menu,
// dialogs), from the same catalogues as the window, under plain Node.

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const TARGET = { baseUrl: 'https://ropo.example/rest', cid: 'c' };
type Input = Parameters<typeof alarmState>[0];
function status(counts: Partial<OutboxStatus['counts']>, extra: Partial<Input> = {}): Input {
  return {
    counts: { queued: 0, sending: 0, sent: 0, failed: 0, held: 0, discarded: 0, superseded: 0, ...counts },
    oldestUnsentAt: null, waitReason: null, signInNeeded: [], endpointPauses: [], ...extra,
  };
}
const alarm = (s: Input, now = T0): AlarmState => alarmState(s, HOUR, now);

test('the tray menu in each language', () => {
  assert.deepEqual(trayMenuTexts('en'), { open: 'Open Usage Place Reporter', sendNow: 'Send now', quit: 'Quit' });
  assert.deepEqual(trayMenuTexts('fi'), { open: 'Avaa Usage Place Reporter', sendNow: 'Lähetä nyt', quit: 'Lopeta' });
  assert.deepEqual(trayMenuTexts('sv'), { open: 'Öppna Usage Place Reporter', sendNow: 'Skicka nu', quit: 'Avsluta' });
  assert.deepEqual(trayMenuTexts('nb'), { open: 'Åpne Usage Place Reporter', sendNow: 'Send nå', quit: 'Avslutt' });
});

test("how long the oldest waited, in each language's units", () => {
  assert.equal(waitedFor(30_000, 'en'), 'less than a minute');
  assert.equal(waitedFor(45 * 60_000, 'en'), '45 min');
  assert.equal(waitedFor(2 * HOUR + 10 * 60_000, 'en'), '2 h 10 min');
  assert.equal(waitedFor(2 * HOUR + 10 * 60_000, 'fi'), '2\u00a0t 10\u00a0min');
  assert.equal(waitedFor(2 * HOUR + 10 * 60_000, 'sv'), '2\u00a0tim 10\u00a0min');
  assert.equal(waitedFor(30_000, 'nb'), 'under ett minutt');
});

test("the tray's line: all sent, waiting with the oldest and the reason, refused, sign in again", () => {
  const waiting = status({ queued: 10, sending: 2 }, { oldestUnsentAt: T0, waitReason: 'server_unreachable' });
  assert.equal(alarmLineText(alarm(status({ sent: 3 })).line, 'en'), 'All sent');
  assert.equal(alarmLineText(alarm(waiting, T0 + 2 * HOUR + 10 * 60_000).line, 'en'), '12 waiting, oldest 2 h 10 min: Ropo One cannot be reached');
  assert.equal(alarmLineText(alarm(waiting, T0 + 2 * HOUR + 10 * 60_000).line, 'fi'), '12 lähettämättä, vanhin 2\u00a0t 10\u00a0min: Ropo Oneen ei saada yhteyttä');
  assert.equal(alarmLineText(alarm(status({ queued: 1 }, { oldestUnsentAt: T0, waitReason: 'backoff' }), T0 + 30_000).line, 'en'),
    '1 waiting, oldest less than a minute', 'backoff is no reason worth naming');
  assert.equal(alarmLineText(alarm(status({ failed: 2 })).line, 'en'), '2 failed');
  assert.equal(alarmLineText(alarm(status({ failed: 1 })).line, 'sv'), '1 avvisad');
  assert.equal(alarmLineText(alarm(status({ failed: 1234 })).line, 'fi'), '1\u00a0234 hylättyä', 'a Finnish thousands separator');
  const signIn = status({ queued: 1 }, { signInNeeded: [{ target: TARGET, reason: 'api_code_refused', error: null, since: T0 }] });
  assert.equal(alarmLineText(alarm(signIn).line, 'nb'), 'Logg inn på nytt');
  assert.equal(trayTooltip(alarm(status({ failed: 2 })).line, 'en'), 'Usage Place Reporter: 2 failed');
});

test('an address that refuses us: the line names the cause and its status, the notification says what to check', () => {
  const paused = alarm(
    status({ queued: 3 }, { oldestUnsentAt: T0, waitReason: 'endpoint_refused', endpointPauses: [{ target: TARGET, cause: 'proxy_auth', httpStatus: 407, since: T0, until: T0 + HOUR }] }),
    T0 + 5 * 60_000,
  );
  assert.equal(alarmLineText(paused.line, 'en'), '3 waiting, oldest 5 min: a proxy server wants a user name and password (HTTP 407)');
  assert.equal(alarmLineText(paused.line, 'fi'), '3 lähettämättä, vanhin 5\u00a0min: välityspalvelin vaatii tunnuksen ja salasanan (HTTP 407)');
  assert.equal(
    alarmNotification('paused', paused, 'en'),
    "Reports are not being sent. A proxy server wants a user name and password (HTTP 407). Ask IT to check this PC's proxy settings.",
  );
  assert.match(alarmNotification('paused', paused, 'sv'), /^Rapporterna skickas inte\. En proxyserver kräver användarnamn och lösenord \(HTTP 407\)/);
});

test('one notification per alarm: why sign-in is needed, how many refused, how long reports waited', () => {
  const signIn = alarm(status({ queued: 1 }, { signInNeeded: [{ target: TARGET, reason: 'api_code_refused', error: null, since: T0 }] }));
  assert.equal(alarmNotification('signIn', signIn, 'sv'), 'Rapporterna skickas inte. Ropo One godkänner inte längre API-koden. Logga in igen under Inställningar.');
  assert.equal(alarmNotification('refused', alarm(status({ failed: 3 })), 'en'), 'Ropo One refused 3 reports. Open the outbox to fix or discard them.');
  assert.match(alarmNotification('refused', alarm(status({ failed: 3 })), 'fi'), /^Ropo One hylkäsi 3 ilmoitusta\./);
  const stale = alarm(status({ queued: 12 }, { oldestUnsentAt: T0, waitReason: 'network_offline' }), T0 + 2 * HOUR);
  assert.deepEqual(stale.raised, ['stale']);
  assert.equal(alarmNotification('stale', stale, 'en'), '12 reports have not been sent for 2 h 0 min: no network.');
  assert.equal(alarmNotification('stale', stale, 'fi'), '12 ilmoitusta on ollut lähettämättä jo 2\u00a0t 0\u00a0min: ei verkkoyhteyttä.');
  // Stale while a refusal is on the line: the count and the wait, without a reason.
  const both = alarm(status({ queued: 1, failed: 1 }, { oldestUnsentAt: T0 }), T0 + 2 * HOUR);
  assert.equal(alarmNotification('stale', both, 'nb'), '1 rapport er ikke sendt på 2\u00a0t 0\u00a0min.');
});

test('the taskbar badge is described, and the quit question counts, in the clerk\'s language', () => {
  assert.equal(badgeText(2, 'en'), '2 failed reports');
  assert.equal(badgeText(1, 'fi'), '1 hylätty ilmoitus');
  assert.deepEqual(quitQuestion(3, 'en'), {
    message: '3 reports are not sent yet.',
    detail: 'They are kept and sent the next time the app runs.',
    buttons: ['Keep sending in the background', 'Quit'],
  });
  assert.deepEqual(quitQuestion(1, 'fi'), {
    message: '1 ilmoitus on vielä lähettämättä.',
    detail: 'Se säilyy ja lähetetään, kun sovellus on seuraavan kerran käynnissä.',
    buttons: ['Jatka lähettämistä taustalla', 'Lopeta'],
  });
  assert.equal(quitQuestion(2, 'nb').message, '2 rapporter er ikke sendt ennå.');
  assert.deepEqual(diagnosticsDialogTexts('sv'), { title: 'Spara diagnostik för supporten', filterName: 'Zip-arkiv' });
});

test('the menu and the start-up dialog', () => {
  assert.equal(menuTexts('fi').edit, '&Muokkaa');
  assert.equal(menuTexts('nb').paste, 'Lim inn');
  assert.equal(startFailedTitle('sv'), 'Usage Place Reporter kunde inte starta');
});
