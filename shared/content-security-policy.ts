/**
 * The renderer's Content-Security-Policy, one text for the Electron protocol handler and the
 * preview server: no remote or inline script, no network from the page but its own origin
 * (which in the app serves only files; all data goes through window.ropo).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
