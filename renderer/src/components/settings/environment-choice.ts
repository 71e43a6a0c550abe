// The Environment select's options and their mapping to the contract's sign-in target.
import { Country, Stage, type Endpoint } from '../../../../shared/endpoint.ts';
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
  if (!endpoint || usesSimulator) return { choice: 'fi-test', customUrl: '' };
  if (endpoint.kind === 'custom') return { choice: 'custom', customUrl: endpoint.baseUrl };
  return { choice: `${endpoint.country}-${endpoint.stage}`, customUrl: '' };
}

export function isProductionChoice(choice: EnvironmentChoice): boolean {
  return choice.endsWith('-production');
}

/** A preset choice as the contract's endpoint; custom is built from the URL field instead. */
export function presetEndpoint(choice: Exclude<EnvironmentChoice, 'custom'>): Endpoint {
  const [country, stage] = choice.split('-') as [Country, Stage];
  return { kind: 'preset', country, stage };
}
