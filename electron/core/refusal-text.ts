import type { RefusalCause } from '../../shared/endpoint-refusal.ts';

// The English sentence for a refusing address: the cause and what to check. For the log and
// the command line; the window says it from the cause code in its own catalogue.
const SENTENCES: Record<RefusalCause, (status: number, baseUrl: string) => string> = {
  blocked: (status, url) =>
    `${url} refused this computer (HTTP ${status}): a firewall or a security filter may be blocking it. Check with IT that this PC may reach the address.`,
  wrong_address: (status, url) =>
    `Nothing at ${url} takes reports (HTTP ${status}): the address looks wrong. Check the environment or the custom URL in Settings.`,
  proxy_auth: (status) =>
    `A proxy server between this PC and Ropo One wants a user name and password (HTTP ${status}). Check the proxy settings with IT.`,
  request_blocked: (status, url) =>
    `Something between this PC and ${url} refuses our requests (HTTP ${status}): a proxy or a security filter, or a wrong address. Check with IT, and the address in Settings.`,
  unexpected_refusal: (status, url) =>
    `${url} answered HTTP ${status}, which Ropo One does not send: it may not be Ropo One. Check the address in Settings, and the network with IT.`,
};

export function refusalSentence(cause: RefusalCause, httpStatus: number, baseUrl: string): string {
  return SENTENCES[cause](httpStatus, baseUrl);
}

// The same causes when the address refuses a sign-in: nothing is being sent and nothing
// pauses; the sign-in did not reach Ropo One, so nothing was saved.
const SIGN_IN_SENTENCES: Record<RefusalCause, (status: number, baseUrl: string) => string> = {
  blocked: (status, url) =>
    `${url} refused this computer (HTTP ${status}): a firewall or a security filter may be blocking it. Check with IT that this PC may reach the address.`,
  wrong_address: (status, url) =>
    `There is no Ropo One sign-in at ${url} (HTTP ${status}): the address looks wrong. Check the environment or the custom URL.`,
  proxy_auth: (status) =>
    `A proxy server between this PC and Ropo One wants a user name and password (HTTP ${status}). Check the proxy settings with IT.`,
  request_blocked: (status, url) =>
    `Something between this PC and ${url} refuses the sign-in (HTTP ${status}): a proxy or a security filter, or a wrong address. Check with IT, and the address.`,
  unexpected_refusal: (status, url) =>
    `${url} answered HTTP ${status}, which Ropo One does not send: it may not be Ropo One. Check the address, and the network with IT.`,
};

export function signInRefusalSentence(cause: RefusalCause, httpStatus: number, baseUrl: string): string {
  return `Could not sign in: the request was refused before Ropo One could check the customer ID and API code. ${SIGN_IN_SENTENCES[cause](httpStatus, baseUrl)} Nothing was saved.`;
}
