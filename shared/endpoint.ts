import { z } from 'zod';

// Where reports go. Presets are Ropo One's published environments (spec/README.md); a
// custom base URL is for a local simulator or a proxy, https only unless on loopback; the
// simulator is the app's built-in one, wherever it listens this time.

export const Country = z.enum(['fi', 'se', 'no']);
export type Country = z.infer<typeof Country>;
export const Stage = z.enum(['test', 'production']);
export type Stage = z.infer<typeof Stage>;

/** Ropo One's own hosts (spec/README.md). Every base URL on them is one of the presets. */
const HOSTS: Record<Country, Record<Stage, string>> = {
  fi: { test: 'rc.ropo24.fi', production: 'ropo24.fi' },
  se: { test: 'rc.ropo24.se', production: 'ropo24.se' },
  no: { test: 'rc.ropo24.no', production: 'ropo24.no' },
};

export const COUNTRY_NAMES: Record<Country, string> = { fi: 'Finland', se: 'Sweden', no: 'Norway' };

/** The longest base URL accepted: far beyond any real one, and a bound on what crosses IPC. */
const MAX_BASE_URL = 500;

/**
 * Plain http is for this computer only, and only by its literal loopback address: the name
 * `localhost` can be resolved elsewhere (a hosts file, a DNS suffix), and 127.0.0.0/8 or
 * [::1] cannot. The URL parser has already turned forms like 127.1 into 127.0.0.1.
 */
function isLoopbackAddress(hostname: string): boolean {
  return hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** `ropo24.fi.` is the same host as `ropo24.fi`, and host names are case-insensitive. */
const canonicalHost = (hostname: string): string => hostname.toLowerCase().replace(/\.$/, '');

/** The country whose Ropo One domain this host is in (the host itself or a subdomain). */
function ropoDomainOf(hostname: string): Country | null {
  const host = canonicalHost(hostname);
  return Country.options.find((c) => host === HOSTS[c].production || host.endsWith(`.${HOSTS[c].production}`)) ?? null;
}

const presetBaseUrl = (country: Country, stage: Stage): string => `https://${HOSTS[country][stage]}/rest`;

/** The preset a base URL is, if it is one of Ropo One's own (after ApiBaseUrl's normalising). */
export function presetOfBaseUrl(baseUrl: string): { country: Country; stage: Stage } | null {
  for (const country of Country.options) {
    for (const stage of Stage.options) if (baseUrl === presetBaseUrl(country, stage)) return { country, stage };
  }
  return null;
}

/**
 * A base URL for the API: the part before `/token` and `/usageplace/event`. Given without
 * the `/rest` path it is added, so `http://127.0.0.1:8080` and `…:8080/rest` mean the same.
 * An address of Ropo One's own is accepted only as exactly one of its environments, so it
 * can be recognised as that preset (and production is never shown as a test).
 */
export const ApiBaseUrl = z
  .string()
  .trim()
  .min(1, 'Base URL is required.')
  .max(MAX_BASE_URL, `At most ${MAX_BASE_URL} characters.`)
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not a URL. Example: https://rc.ropo24.fi', params: { problem: 'url_invalid' } });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackAddress(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: 'Use https:// (plain http:// only for this computer by its address, 127.0.0.1 or [::1], not "localhost").',
        params: { problem: 'url_not_https' },
      });
      return z.NEVER;
    }
    if (url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'The base URL cannot carry a query, fragment or password.', params: { problem: 'url_extras' } });
      return z.NEVER;
    }
    let path = url.pathname.replace(/\/+$/, '');
    if (!path.endsWith('/rest')) path += '/rest';
    const country = ropoDomainOf(url.hostname);
    if (country) {
      const baseUrl = `https://${canonicalHost(url.hostname)}${url.port ? `:${url.port}` : ''}${path}`;
      if (presetOfBaseUrl(baseUrl)) return baseUrl;
      ctx.addIssue({
        code: 'custom',
        message: `This is one of Ropo One's own addresses: choose ${COUNTRY_NAMES[country]} test or ${COUNTRY_NAMES[country]} production instead.`,
        params: { problem: 'url_ropo_address', country },
      });
      return z.NEVER;
    }
    return `${url.origin}${path}`;
  });

const PresetEndpoint = z.object({ kind: z.literal('preset'), country: Country, stage: Stage });
type PresetEndpoint = z.infer<typeof PresetEndpoint>;

/** A custom URL that is one of Ropo One's own is that preset: wherever settings are parsed, it becomes one. */
const CustomEndpoint = z
  .object({ kind: z.literal('custom'), baseUrl: ApiBaseUrl })
  .transform((custom): PresetEndpoint | typeof custom => {
    const preset = presetOfBaseUrl(custom.baseUrl);
    return preset ? { kind: 'preset', ...preset } : custom;
  });

/**
 * The built-in simulator's base URL as reports and credentials record it. It names the
 * simulator, not an address: the simulator gets a new port each run, and the app routes
 * this URL to wherever it listens now (electron/core/builtin-simulator-fetch.ts). A plain
 * fetch cannot reach it, so such a report can never go to whatever else holds an old port.
 */
export const BUILTIN_SIMULATOR_BASE_URL = 'simulator://built-in/rest';

const SimulatorEndpoint = z.object({ kind: z.literal('simulator') });

export const Endpoint = z.discriminatedUnion('kind', [PresetEndpoint, CustomEndpoint, SimulatorEndpoint]);
export type Endpoint = z.infer<typeof Endpoint>;

export function endpointBaseUrl(endpoint: Endpoint): string {
  if (endpoint.kind === 'simulator') return BUILTIN_SIMULATOR_BASE_URL;
  return endpoint.kind === 'preset' ? presetBaseUrl(endpoint.country, endpoint.stage) : endpoint.baseUrl;
}

/**
 * Production is only ever a preset. A custom URL of Ropo One's production cannot get past
 * Endpoint's parsing as custom, and is checked here too for values built without parsing.
 */
export function isProduction(endpoint: Endpoint): boolean {
  if (endpoint.kind === 'simulator') return false;
  const preset = endpoint.kind === 'preset' ? endpoint : presetOfBaseUrl(endpoint.baseUrl);
  return preset?.stage === 'production';
}

export function endpointLabel(endpoint: Endpoint): string {
  if (endpoint.kind === 'simulator') return 'Built-in simulator';
  if (endpoint.kind === 'custom') return `Custom (${endpoint.baseUrl})`;
  return `${COUNTRY_NAMES[endpoint.country]} ${endpoint.stage === 'test' ? 'test' : 'production'}`;
}

/** The short names the command line accepts: `fi-test`, `fi`, `se-test`, `se`, `no-test`, `no`. */
export function parseEndpointName(text: string): Endpoint {
  const preset = /^(fi|se|no)(-test)?$/.exec(text.trim());
  if (preset) {
    return { kind: 'preset', country: preset[1] as Country, stage: preset[2] ? 'test' : 'production' };
  }
  return Endpoint.parse({ kind: 'custom', baseUrl: text });
}

/**
 * The base URL a text names, in the form reports record it (endpointBaseUrl), or null when it
 * names none: what an export's environment column holds (the report's base URL: a preset's,
 * a custom one, or the built-in simulator's), also written another way that means the same
 * (`https://rc.ropo24.fi` for `https://rc.ropo24.fi/rest`) or as the command line's short
 * name (`fi-test`).
 */
export function readBaseUrl(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === BUILTIN_SIMULATOR_BASE_URL) return trimmed;
  try {
    return endpointBaseUrl(parseEndpointName(trimmed));
  } catch {
    return null;
  }
}

export const Cid = z.string().trim().min(1, 'Customer ID (cid) is required.').max(100);
export const ApiCode = z.string().min(1, 'API code is required.').max(500);

/** A report's destination, fixed when the report is made and never changed after. */
export const Target = z.object({ baseUrl: z.string().url(), cid: Cid });
export type Target = z.infer<typeof Target>;

export const Settings = z.object({ endpoint: Endpoint, cid: Cid });
export type Settings = z.infer<typeof Settings>;

export function settingsTarget(settings: Settings): Target {
  return { baseUrl: endpointBaseUrl(settings.endpoint), cid: settings.cid };
}
