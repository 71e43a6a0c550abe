// The Environment select's options and their mapping to the contract's sign-in target.
import { ApiBaseUrl, Country, Stage, presetOfBaseUrl, type Endpoint } from '../../../../shared/endpoint.ts';
import { m, presetLabel } from '../../lib/i18n/messages.ts';

export type EnvironmentChoice = `${Country}-${Stage}` | 'custom';

export interface EnvironmentOption {
  value: EnvironmentChoice;
  /** A function: the label follows the window's language. */
  label: () => string;
  production: boolean;
}

export const ENVIRONMENT_OPTIONS: EnvironmentOption[] = [
  ...Country.options.flatMap((country) =>
    Stage.options.map((stage) => ({
      value: `${country}-${stage}` as EnvironmentChoice,
      label: () => presetLabel(country, stage),
      production: stage === 'production',
    })),
  ),
  { value: 'custom', label: m.settings_custom_url, production: false },
];

export function choiceOf(endpoint: Endpoint | null, usesSimulator: boolean): { choice: EnvironmentChoice; customUrl: string } {
  if (!endpoint || usesSimulator || endpoint.kind === 'simulator') return { choice: 'fi-test', customUrl: '' };
  if (endpoint.kind === 'custom') return { choice: 'custom', customUrl: endpoint.baseUrl };
  return { choice: `${endpoint.country}-${endpoint.stage}`, customUrl: '' };
}

/** A custom URL of Ropo One's production is production too (main signs in to it as that preset). */
export function isProductionChoice(choice: EnvironmentChoice, customUrl = ''): boolean {
  if (choice !== 'custom') return choice.endsWith('-production');
  const url = ApiBaseUrl.safeParse(customUrl);
  return url.success && presetOfBaseUrl(url.data)?.stage === 'production';
}

/** A preset choice as the contract's endpoint; custom is built from the URL field instead. */
export function presetEndpoint(choice: Exclude<EnvironmentChoice, 'custom'>): Endpoint {
  const [country, stage] = choice.split('-') as [Country, Stage];
  return { kind: 'preset', country, stage };
}
