import { z } from 'zod';

// Where reports go. Presets are Ropo One's published environments (spec/README.md); a
// custom base URL is for a local simulator or a proxy, https only unless on loopback.

export const Country = z.enum(['fi', 'se', 'no']);
export type Country = z.infer<typeof Country>;
export const Stage = z.enum(['test', 'production']);
export type Stage = z.infer<typeof Stage>;

const HOSTS: Record<Country, Record<Stage, string>> = {
  fi: { test: 'https://rc.ropo24.fi', production: 'https://ropo24.fi' },
  se: { test: 'https://rc.ropo24.se', production: 'https://ropo24.se' },
  no: { test: 'https://rc.ropo24.no', production: 'https://ropo24.no' },
};

export const COUNTRY_NAMES: Record<Country, string> = { fi: 'Finland', se: 'Sweden', no: 'Norway' };

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * A base URL for the API: the part before `/token` and `/usageplace/event`. Given without
 * the `/rest` path it is added, so `http://127.0.0.1:8080` and `…:8080/rest` mean the same.
 */
export const ApiBaseUrl = z
  .string()
  .trim()
  .min(1, 'Base URL is required.')
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not a URL. Example: https://rc.ropo24.fi', params: { problem: 'url_invalid' } });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: 'Use https:// (plain http:// is only allowed for this computer, 127.0.0.1).',
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
    return `${url.origin}${path}`;
  });

export const Endpoint = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preset'), country: Country, stage: Stage }),
  z.object({ kind: z.literal('custom'), baseUrl: ApiBaseUrl }),
]);
export type Endpoint = z.infer<typeof Endpoint>;

export function endpointBaseUrl(endpoint: Endpoint): string {
  return endpoint.kind === 'preset' ? `${HOSTS[endpoint.country][endpoint.stage]}/rest` : endpoint.baseUrl;
}

/** The preset a report's base URL belongs to, or null for a custom URL (a simulator, a proxy). */
export function presetOfBaseUrl(baseUrl: string): { country: Country; stage: Stage } | null {
  for (const country of Country.options) {
    for (const stage of Stage.options) if (`${HOSTS[country][stage]}/rest` === baseUrl) return { country, stage };
  }
  return null;
}

/** Production is only ever a preset; anything else is treated as a test environment. */
export function isProduction(endpoint: Endpoint): boolean {
  return endpoint.kind === 'preset' && endpoint.stage === 'production';
}

export function endpointLabel(endpoint: Endpoint): string {
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
