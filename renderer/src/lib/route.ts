// The screens that are pages of their own, with an address: a report's receipt and the day
// sheet. In the preview a browser can open (and print) them directly; in the app they survive
// a reload of the window. The other screens have no address: the window starts at New report.
import { isIsoDate } from '../../../shared/iso-date.ts';

export type Route = { view: 'receipt'; id: string } | { view: 'daySheet'; day: string };

const RECEIPT = /^#\/receipt\/([0-9A-Za-z-]{1,100})$/;
const DAY = /^#\/day\/(\d{4}-\d{2}-\d{2})$/;

/** The route a location hash names, or null. */
export function parseRoute(hash: string): Route | null {
  const receipt = RECEIPT.exec(hash);
  if (receipt) return { view: 'receipt', id: receipt[1]! };
  const day = DAY.exec(hash);
  if (day && isIsoDate(day[1]!)) return { view: 'daySheet', day: day[1]! };
  return null;
}

export function routeHash(route: Route): string {
  return route.view === 'receipt' ? `#/receipt/${route.id}` : `#/day/${route.day}`;
}
