// Where a report went, named as the clerk knows the environments: "Finland, test", "Built-in
// simulator", "Custom (host)". A report keeps the base URL it was made for; the name is found
// from it, so it stays right after the app was switched to another environment.
// The built-in simulator is a target by name (BUILTIN_SIMULATOR_BASE_URL), whatever its port.
import { BUILTIN_SIMULATOR_BASE_URL, presetOfBaseUrl } from '../../../shared/endpoint.ts';
import { m, presetLabel } from './i18n/messages.ts';

export function environmentOf(baseUrl: string): string {
  const preset = presetOfBaseUrl(baseUrl);
  if (preset) return presetLabel(preset.country, preset.stage);
  if (baseUrl === BUILTIN_SIMULATOR_BASE_URL) return m.environment_simulator();
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    // not a URL: shown as stored
  }
  return m.environment_custom_named({ host });
}

/**
 * The base URL to print beside the environment's name, or null when it says nothing more:
 * the built-in simulator's is a name of its own (it listens on another port each run).
 */
export function addressOf(baseUrl: string): string | null {
  return baseUrl === BUILTIN_SIMULATOR_BASE_URL ? null : baseUrl;
}
