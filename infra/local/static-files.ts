/**
 * Serves the built web app (web/dist) from the local gateway, beside the API: what CloudFront does in
 * AWS. Unknown paths get index.html, so a reload on any address of the app works; hashed assets are
 * cached for a year, index.html never. The security headers are the ones CloudFront sends.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, WEB_HEADERS } from '../web-security';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFilesOptions {
  /** The built app. */
  root: string;
  /** Where the documents' presigned URLs point (the S3 emulator), for the CSP's frame-src. */
  documentsOrigin: string;
}

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => Promise<number>;

export function staticFiles(options: StaticFilesOptions): StaticHandler {
  const headers = {
    ...WEB_HEADERS,
    'content-security-policy': contentSecurityPolicy(options.documentsOrigin),
  };
  const root = normalize(options.root + sep);

  async function fileAt(path: string) {
    const file = normalize(join(root, path));
    // A path that climbs out of the app's folder is not a file of the app.
    if (!file.startsWith(root)) return undefined;
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? { file, size: info.size } : undefined;
  }

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return 405;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      response.writeHead(400).end();
      return 400;
    }
    const found = (pathname !== '/' && (await fileAt(pathname))) || (await fileAt('index.html'));
    if (!found) {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The web app is not built: run `npm run build:web` (npm start builds it when needed).\n');
      return 404;
    }
    const isIndex = found.file.endsWith(`${sep}index.html`);
    response.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[extname(found.file)] ?? 'application/octet-stream',
      'content-length': String(found.size),
      'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(found.file).pipe(response);
    return 200;
  };
}
