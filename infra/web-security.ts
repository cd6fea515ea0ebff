/**
 * The web app's security headers, in one place for both servers that serve it: CloudFront's response
 * headers policy (infra/constructs/web-distribution.ts) and the local gateway (infra/local/static-files.ts),
 * so what the browser tests run under is what production sends.
 */

/**
 * Content-Security-Policy. The app calls the API on its own origin (CloudFront routes /v1/* to it), so
 * `connect-src 'self'`; scripts and styles come only from the app's own files (no inline script or
 * style); the one frame is the district HTML preview, served by S3 from `documentsOrigin`.
 */
export function contentSecurityPolicy(documentsOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${documentsOrigin}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Two years, subdomains included: the app is only ever served over HTTPS in AWS. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Headers besides CSP and HSTS that both servers send. */
export const WEB_HEADERS = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;
