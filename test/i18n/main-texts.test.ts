import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionText, menuTexts, refusedManyText, startFailedTitle, trayMenuTexts, traySummary } from '../../electron/ipc/main-texts.ts';
import type { EventPayload } from '../../shared/ipc.ts';

// The main process's own words (tray, notifications, menu, start-up dialog), from the same
// catalogues as the window, under plain Node.

function status(counts: Record<string, number>, extra: Partial<EventPayload<'outbox:status'>> = {}): EventPayload<'outbox:status'> {
  return {
    counts: { queued: 0, sending: 0, sent: 0, failed: 0, held: 0, discarded: 0, superseded: 0, ...counts },
    nextAttemptAt: null, waitReason: null, waitDetail: null, signInNeeded: [], endpointPauses: [], rateLimitedUntil: null, circuits: [],
    lastDeliveryAt: null, clockSkewMs: null, online: true, now: 0, ...extra,
  };
}

test('the tray menu in each language', () => {
  assert.deepEqual(trayMenuTexts('en'), { open: 'Open Usage Place Reporter', sendNow: 'Send now', quit: 'Quit' });
  assert.deepEqual(trayMenuTexts('fi'), { open: 'Avaa Usage Place Reporter', sendNow: 'Lähetä nyt', quit: 'Lopeta' });
  assert.deepEqual(trayMenuTexts('sv'), { open: 'Öppna Usage Place Reporter', sendNow: 'Skicka nu', quit: 'Avsluta' });
  assert.deepEqual(trayMenuTexts('nb'), { open: 'Åpne Usage Place Reporter', sendNow: 'Send nå', quit: 'Avslutt' });
});

test("the tray's tooltip counts with the language's plurals and number format", () => {
  assert.equal(traySummary(status({}), 'fi'), null, 'nothing waits: no summary');
  assert.equal(traySummary(status({ queued: 2, held: 1, failed: 1 }), 'en'), '3 to send, 1 failed');
  assert.equal(traySummary(status({ queued: 1, failed: 2 }), 'fi'), '1 lähettämättä, 2 hylättyä');
  assert.equal(traySummary(status({ failed: 1 }), 'fi'), '1 hylätty');
  assert.equal(traySummary(status({ queued: 1234 }), 'fi'), '1\u00a0234 lähettämättä', 'a Finnish thousands separator');
  assert.equal(
    traySummary(status({ queued: 1 }, { online: false, signInNeeded: [{ target: { baseUrl: 'https://x/rest', cid: 'c' }, reason: 'api_code_refused', error: null, since: 0 }] }), 'sv'),
    '1 att skicka, logga in igen, ej ansluten',
  );
});

test('notifications say which usage place, and why sending stopped, in the chosen language', () => {
  const refused = { kind: 'failed' as const, id: 'x', usageplacecode: '643007572062443672', error: null };
  assert.match(attentionText(refused, 'fi'), /^Ropo One hylkäsi käyttöpaikan 643007572062443672 ilmoituksen\./);
  assert.match(attentionText(refused, 'nb'), /anlegg 643007572062443672/);
  assert.equal(
    attentionText({ kind: 'signInNeeded', reason: 'api_code_refused', error: null }, 'sv'),
    'Rapporterna skickas inte. Ropo One godkänner inte längre API-koden. Logga in igen under Inställningar.',
  );
  assert.equal(refusedManyText(3, 'en'), 'Ropo One refused 3 reports. Open the outbox to fix or discard them.');
  assert.match(refusedManyText(3, 'fi'), /^Ropo One hylkäsi 3 ilmoitusta\./);
});

test('the menu and the start-up dialog', () => {
  assert.equal(menuTexts('fi').edit, '&Muokkaa');
  assert.equal(menuTexts('nb').paste, 'Lim inn');
  assert.equal(startFailedTitle('sv'), 'Usage Place Reporter kunde inte starta');
});
