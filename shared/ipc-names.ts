// The names of the contract's channels and events, without their schemas: the sandboxed
// preload needs only these, and importing shared/ipc.ts would bundle all of zod into it.
// shared/ipc.ts checks at compile time that these lists and its tables agree.

export const CHANNEL_NAMES = [
  'session:get', 'session:signIn', 'session:signOut',
  'reports:create', 'reports:warnings', 'reports:list', 'reports:get', 'reports:retryNow',
  'reports:correct', 'reports:discard', 'reports:exportCsv',
  'outbox:status', 'outbox:sendNow',
  'language:get', 'language:set',
  'desktop:get', 'desktop:set', 'update:restart', 'diagnostics:save',
  // A clerk's day (issue 11).
  'drafts:get', 'drafts:save', 'drafts:clear',
  'import:choose', 'import:check', 'import:commit',
  'reports:day', 'print:savePdf',
] as const;

export const EVENT_NAMES = [
  'reports:changed', 'outbox:status', 'session:changed', 'outbox:attention', 'desktop:changed',
  // A clerk's day (issue 11).
  'import:progress',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventNameOf = (typeof EVENT_NAMES)[number];

const channelSet: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

// A Set of own names: `name in table` would also say yes to 'toString' and '__proto__'.
export const isChannel = (name: unknown): name is ChannelName => typeof name === 'string' && channelSet.has(name);
export const isEventName = (name: unknown): name is EventNameOf => typeof name === 'string' && eventSet.has(name);
