// Every English text the window shows, in one place, ready for translation. Components
// never write user-facing text inline; they read it from here. Texts with values in them
// are functions, so a translation can put the values where its grammar wants them.
import type { Country, Stage } from '../../../shared/endpoint.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import type { AttemptOutcome, ReportState, WaitReason } from '../../../shared/outbox.ts';
import type { EventStatus } from '../../../shared/usageplace-event.ts';
import type { AlarmLine } from '../../../shared/alarms.ts';

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export const strings = {
  app: {
    title: 'Usage Place Reporter',
    skipToContent: 'Skip to content',
    loading: 'Starting…',
    navLabel: 'Main',
    nav: { report: 'New report', outbox: 'Outbox', settings: 'Settings' },
    failedPill: (n: number) => plural(n, 'failed report', 'failed reports'),
    noBridge: 'The app’s connection to its background service is missing. Restart Usage Place Reporter.',
  },

  /** The three outcomes a clerk reports. */
  statuses: {
    disconnected: 'Disconnected',
    connected: 'Connected',
    notdisconnected: 'Not disconnected',
  } satisfies Record<EventStatus, string>,

  statusHints: {
    disconnected: 'The supply was cut off as requested.',
    connected: 'The supply is back on.',
    notdisconnected: 'It could not be done. Say why in the description.',
  } satisfies Record<EventStatus, string>,

  states: {
    queued: 'Queued',
    sending: 'Sending',
    sent: 'Sent',
    failed: 'Failed',
    held: 'Held',
    discarded: 'Discarded',
    superseded: 'Superseded',
  } satisfies Record<ReportState, string>,

  stateHints: {
    queued: 'Waiting to be sent.',
    sending: 'Being sent right now.',
    sent: 'Ropo One accepted it.',
    failed: 'Ropo One refused it. Fix it with Edit and resend, or discard it.',
    held: 'Waits behind an earlier unsent or failed report for the same usage place.',
    discarded: 'Given up by a clerk. Kept for the record; never sent.',
    superseded: 'Replaced by a corrected copy. Kept for the record.',
  } satisfies Record<ReportState, string>,

  /** One sentence per error code, for a person. */
  errors: {
    validation_failed: 'Some fields need attention.',
    not_configured: 'Sign in first: choose the environment and enter the customer ID and API code in Settings.',
    network_offline: 'This computer has no network connection.',
    server_unreachable: 'Ropo One cannot be reached right now.',
    tls_failed: 'The secure connection to Ropo One failed. The network may need a log-in page first.',
    server_error: 'Ropo One is having problems right now.',
    rate_limited: 'Ropo One asked us to slow down.',
    sign_in_failed: 'Ropo One did not accept the customer ID and API code.',
    sign_in_needed: 'Sign in again to continue sending reports.',
    rejected: 'Ropo One refused the report.',
    unexpected_answer: 'Ropo One gave an answer this app does not understand.',
    keychain_unavailable: 'The system keychain cannot be used, so the API code cannot be stored safely. Nothing was saved.',
    duplicate_import: 'This file was imported before.',
    not_found: 'That report is no longer in the outbox.',
    invalid_state: 'That action does not fit the report any more. The log has been refreshed.',
    database_error: 'The outbox database could not be used. Nothing was saved.',
    internal_error: 'Something went wrong in the app.',
  } satisfies Record<ErrorCode, string>,
  /** The technical text behind an error, shown under the sentence. */
  errorDetail: (message: string) => `Details: ${message}`,
  errorFromRopo: (message: string) => `Ropo One said: ${message}`,

  /** Why reports are waiting, in words (the status bar's "next try" line). */
  waitReasons: {
    network_offline: 'no network',
    server_unreachable: 'Ropo One cannot be reached',
    tls_failed: 'the secure connection fails (a network that needs a log-in page?)',
    server_error: 'Ropo One is having problems',
    rate_limited: 'Ropo One asked us to slow down',
    sign_in_needed: 'sign-in needed',
    failed_holding: 'a failed report holds its usage place',
    backoff: 'waiting to retry',
  } satisfies Record<WaitReason, string>,

  outcomes: {
    created: 'Queued',
    sent: 'Sent',
    rejected: 'Refused by Ropo One',
    retry: 'Will retry',
    auth_paused: 'Paused: sign-in needed',
    held: 'Held behind an earlier report',
    released: 'Released',
    discarded: 'Discarded',
    superseded: 'Replaced by a correction',
    resent: 'Resent by a clerk',
    recovered: 'Back in the queue after a restart',
  } satisfies Record<AttemptOutcome, string>,

  countries: { fi: 'Finland', se: 'Sweden', no: 'Norway' } satisfies Record<Country, string>,
  stages: { test: 'Test', production: 'Production' } satisfies Record<Stage, string>,

  environment: {
    preset: (country: string, stage: string) => `${country}, ${stage.toLowerCase()}`,
    customNamed: (host: string) => `Custom (${host})`,
    simulator: 'Built-in simulator',
    testBadge: 'TEST',
    productionBadge: 'PRODUCTION',
    testBadgeLabel: 'Test environment: reports do not reach the real Ropo One',
    productionBadgeLabel: 'Production: reports go to the real Ropo One',
    notSetUp: 'Not set up',
  },

  settings: {
    firstRunHeading: 'Welcome to Usage Place Reporter',
    firstRunIntro:
      'Reports you make here are kept safely on this computer and sent to Ropo One whenever the network allows. ' +
      'Sign in once with the customer ID and API code your administrator gave you.',
    heading: 'Settings',
    currentHeading: 'Current sign-in',
    signInHeading: 'Sign in',
    changeHeading: 'Change environment or sign in again',
    signInAgainHeading: 'Sign in again',
    environment: 'Environment',
    environmentHint: 'Test environments never reach real customers.',
    customUrlOption: 'Custom URL',
    customUrl: 'Custom URL',
    customUrlPlaceholder: 'https://',
    customUrlHint: 'https:// address of Ropo One or a proxy. Plain http:// only for this computer (127.0.0.1).',
    cid: 'Customer ID (cid)',
    cidHint: 'Given by Ropo One with the API code.',
    apicode: 'API code',
    apicodeHint: 'Stored only in the system keychain. It is never shown again.',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    productionWarning: 'Production: reports made after signing in go to the real Ropo One.',
    simulatorHeading: 'No credentials yet?',
    simulatorIntro:
      'Try the app with a Ropo One simulator that runs on this computer. Nothing you report reaches the real Ropo One.',
    trySimulator: 'Try the built-in simulator',
    startingSimulator: 'Starting the simulator…',
    signedInAs: 'Signed in',
    notSignedIn: 'Not signed in',
    signInNeededBadge: 'Sign-in needed',
    summaryEnvironment: 'Environment',
    summaryAddress: 'Address',
    summaryCid: 'Customer ID',
    summarySession: 'Session',
    sessionUntil: (time: string) => `Signed in until ${time} (renewed automatically)`,
    sessionActive: 'Signed in (renewed automatically)',
    signInNeeded: (reason: string) => `Sign in again: ${reason}`,
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    signOutHint: 'Removes the API code and session from the system keychain. Queued reports wait until someone signs in again.',
    signedInAnnouncement: (env: string) => `Signed in to ${env}.`,
    signedOutAnnouncement: 'Signed out. The API code was removed from the keychain.',
  },

  /** Settings, "This computer" (issue 9). */
  desktop: {
    heading: 'This computer',
    startAtLogin: 'Start with the computer',
    startAtLoginHint: 'The app starts in the tray when you sign in to Windows or macOS, and sends waiting reports.',
    alarmAfter: 'Warn when reports have waited',
    alarmAfterHint: 'Longer than this, and the tray icon, a notification and the status bar say so.',
    updatesLabel: 'Updates',
    updatesOff: {
      no_feed: 'This build does not update itself.',
      policy: 'Turned off by your IT department.',
      per_machine: 'Installed for all users: your IT department installs new versions.',
      not_packaged: 'Not used by a development build.',
    },
    updateState: (state: 'idle' | 'checking' | 'downloading' | 'ready' | 'installing', version: string | null) =>
      ({
        idle: 'Up to date. The app looks for a new version every 6 hours.',
        checking: 'Looking for a new version…',
        downloading: `Downloading version ${version ?? ''} in the background…`,
        ready: `Version ${version ?? ''} is ready. It installs when the app quits.`,
        installing: `Installing version ${version ?? ''}…`,
      })[state],
    updateRetry: (reason: string) => `The last try did not finish (${reason}); it is tried again.`,
    restartToUpdate: 'Restart to update',
    restartHint: 'Reports being sent finish first; waiting reports are kept and sent after the restart.',
    saveDiagnostics: 'Save diagnostics…',
    savingDiagnostics: 'Saving…',
    diagnosticsHint: 'A zip file for support: the logs, the outbox status and versions. It holds no API code or session.',
    diagnosticsSaved: (file: string) => `Saved ${file}.`,
    duration: (minutes: number) => (minutes < 60 ? `${minutes} minutes` : minutes % 60 === 0 ? plural(minutes / 60, 'hour', 'hours') : `${Math.floor(minutes / 60)} h ${minutes % 60} min`),
  },

  form: {
    heading: 'New report',
    intro: 'Report what happened at the usage place. It is kept on this computer and sent to Ropo One as soon as possible.',
    correctionHeading: 'Edit and resend',
    correctionIntro: (id: string) =>
      `This corrected copy replaces the failed report ${id}. It gets a new event id; the failed one stays in the log as Superseded.`,
    correctionProblem: 'Ropo One said:',
    cancelCorrection: 'Cancel editing',
    status: 'Status',
    usageplacecode: 'Usage place code',
    usageplacecodeHint: 'As in the request from Ropo One.',
    usageplacecodeLocked: 'A correction keeps the usage place code of the failed report.',
    customernumber: 'Customer number',
    contract_no: 'Contract number',
    optional: '(optional)',
    required: '(required)',
    invoicesLegend: 'Invoices',
    invoicesHint: 'The invoices named in the request, each with its job ID.',
    invoicenumber: 'Invoice number',
    jobid: 'Job ID',
    /** Hidden text that tells rows apart for screen readers: "Invoice number 2". */
    rowSuffix: (n: number) => ` ${n}`,
    addInvoice: 'Add invoice row',
    removeInvoice: 'Remove',
    removeInvoiceName: (n: number) => `Remove invoice row ${n}`,
    time: 'Time',
    timeHint: 'Local time as YYYY-MM-DD HH:mm:ss. Cannot be in the future.',
    timeFollowsClock: 'Follows the clock until you change it.',
    timeNow: 'Now',
    timeNowName: 'Set time to now',
    description: 'Description',
    descriptionHint: 'Anything Ropo One should know.',
    descriptionRequiredHint: 'Required for Not disconnected: say why it could not be done (for example, meter room locked).',
    submit: 'Queue report',
    submitCorrection: 'Queue corrected report',
    submitting: 'Queuing…',
    keyboardHint: 'Enter queues the report (Ctrl+Enter in the description).',
    /** The shared rules say "disconnected, connected or notdisconnected"; a person reads this instead. */
    statusRequired: 'Choose what happened: Disconnected, Connected or Not disconnected.',
    checkFields: (n: number) => `Check ${plural(n, 'field', 'fields')} before queuing.`,
    queuedTitle: 'Queued',
    queuedCorrectionTitle: 'Corrected report queued',
    queuedBody: 'It is saved on this computer and will be sent to Ropo One.',
    eventId: 'Event id',
    queuedSummary: (status: string, usageplace: string) => `${status} · usage place ${usageplace}`,
    showInOutbox: 'Show in outbox',
    dismiss: 'Dismiss',
    warningsHeading: 'Check before queuing',
    warningsAfterHeading: 'Note',
    /** `other` is the status of the unsent report already in the outbox. */
    laneWarning: {
      repeats: (other: string) => `An unsent "${other}" report for this usage place is already in the outbox.`,
      contradicts: (other: string) => `An unsent "${other}" report for this usage place says the opposite.`,
    },
    showOtherReport: 'Show that report',
  },

  log: {
    heading: 'Outbox',
    filterState: 'State',
    allStates: 'All states',
    stateOption: (state: string, n: number) => `${state} (${n.toLocaleString('en')})`,
    search: 'Search',
    searchHint: 'Usage place, customer or invoice number',
    exportCsv: 'Export CSV',
    exporting: 'Exporting…',
    exported: (n: number, file: string) => `Exported ${plural(n, 'report', 'reports')} to ${file}.`,
    total: (n: number) => plural(n, 'report', 'reports'),
    tableLabel: 'Reports, newest first',
    columns: {
      state: 'State',
      time: 'Time',
      usageplace: 'Usage place',
      status: 'Status',
      customer: 'Customer',
      attempts: 'Attempts',
      lastError: 'Last error',
    },
    loadingRow: 'Loading…',
    empty: 'No reports yet. Reports you queue appear here.',
    emptyFiltered: 'No reports match.',
    /** Hidden after the usage place code on each row's button: "643…, Failed, show details". */
    openRowSuffix: (state: string, status: string) => `, ${state}, ${status}: show details`,
  },

  detail: {
    heading: 'Report details',
    close: 'Close details',
    loading: 'Loading the report…',
    eventId: 'Event id',
    state: 'State',
    status: 'Status',
    usageplace: 'Usage place',
    time: 'Time',
    createdAt: 'Queued at',
    sentAt: 'Sent at',
    nextAttempt: 'Next try',
    attempts: 'Attempts',
    destination: 'Sent to',
    corrects: 'Corrects',
    supersededBy: 'Replaced by',
    problemHeading: 'What Ropo One said',
    httpStatusLabel: 'HTTP status',
    problemTitle: 'Title',
    problemDetail: 'Detail',
    problemType: 'Type',
    lastErrorHeading: 'Last error',
    payloadHeading: 'Payload sent',
    historyHeading: 'History',
    historyColumns: { at: 'Time', change: 'Change', outcome: 'Outcome', http: 'HTTP', detail: 'Detail' },
    historyEmpty: 'No history yet.',
    actionsLabel: 'Actions',
    retryNow: 'Retry now',
    editAndResend: 'Edit and resend',
    discard: 'Discard',
    retried: 'The report will be tried again now.',
    discarded: 'The report was discarded. It stays in the log.',
    customer: 'Customer number',
    contract: 'Contract number',
    invoices: 'Invoices',
    description: 'Description',
    none: '—',
    destinationValue: (baseUrl: string, cid: string) => `${baseUrl} as ${cid}`,
    stateChange: (from: string, to: string) => `${from} → ${to}`,
    newReport: 'New',
  },

  discardDialog: {
    heading: 'Discard this report?',
    body: (usageplace: string, status: string) =>
      `The ${status.toLowerCase()} report for usage place ${usageplace} will not be sent to Ropo One. ` +
      'It stays in the log as Discarded, and reports waiting behind it go ahead.',
    confirm: 'Discard report',
    cancel: 'Keep it',
  },

  statusBar: {
    label: 'Delivery status',
    online: 'Online',
    offline: 'Offline',
    environment: 'Environment',
    signedInUntil: (time: string) => `Signed in until ${time}`,
    signedIn: 'Signed in',
    signInAgain: 'Sign in again',
    notSignedIn: 'Not signed in',
    queued: (n: number) => `${n.toLocaleString('en')} queued`,
    failed: (n: number) => `${n.toLocaleString('en')} failed`,
    lastDelivery: (when: string) => `Last delivery ${when}`,
    noDeliveryYet: 'No deliveries yet',
    nextTry: (countdown: string, reason: string) => `Next try in ${countdown}: ${reason}`,
    nextTryNow: (reason: string) => `Trying now: ${reason}`,
    stuck: (reason: string) => `Waiting: ${reason}`,
    pausedForSignIn: (detail: string | null) =>
      `Sending is paused until someone signs in again.${detail ? ` (${detail})` : ''}`,
    allSent: 'All reports sent',
    sending: 'Sending…',
    sendNow: 'Send now',
    sendNowDone: 'Waiting reports are being tried now.',
    clockSkew: (minutes: number, ahead: boolean) =>
      `This PC's clock is ${minutes} min ${ahead ? 'ahead of' : 'behind'} Ropo One's. Check the date and time settings.`,
    /** The alarm's line (shared/alarms.ts), as the tray tooltip says it. */
    alarm: (line: AlarmLine): string => {
      if (line.kind === 'allSent') return 'All sent';
      if (line.kind === 'signIn') return 'Sign in again';
      if (line.kind === 'refused') return `${line.refused.toLocaleString('en')} refused`;
      const minutes = Math.floor(line.oldestMs / 60_000);
      const oldest = minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
      const reason = line.reason && line.reason !== 'backoff' ? `: ${strings.waitReasons[line.reason]}` : '';
      return `${line.waiting.toLocaleString('en')} waiting, oldest ${oldest}${reason}`;
    },
    wentOffline: 'The connection to Ropo One is lost. Reports stay queued.',
    backOnline: 'Back online. Queued reports are being sent.',
  },

  /** Said aloud when something needs the clerk (the app also shows an OS notification). */
  attention: {
    failed: 'Ropo One refused a report. Open the outbox to fix or discard it.',
    signInNeeded: 'Sending is paused: sign in again.',
  },

  time: {
    today: (hhmm: string) => `today ${hhmm}`,
    at: (date: string, hhmm: string) => `${date} ${hhmm}`,
    never: '—',
  },
} as const;

/** A field name from the shared rules ("invoices.0.jobid") to the label a person sees. */
export function fieldLabel(field: string): string {
  const [head, index, leaf] = field.split('.');
  if (head === 'invoices' && index !== undefined && leaf) {
    const label = leaf === 'jobid' ? strings.form.jobid : strings.form.invoicenumber;
    return `${label}${strings.form.rowSuffix(Number(index) + 1)}`;
  }
  const known: Record<string, string> = {
    status: strings.form.status,
    usageplacecode: strings.form.usageplacecode,
    customernumber: strings.form.customernumber,
    contract_no: strings.form.contract_no,
    invoices: strings.form.invoicesLegend,
    time: strings.form.time,
    description: strings.form.description,
  };
  return known[head ?? ''] ?? field;
}
