import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticFiles } from '../../../../infra/local/static-files';

let root: string;
let server: Server;
let url: string;

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'showcase-static-'));
  root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the app');
  const handler = staticFiles({ root, documentsOrigin: 'http://127.0.0.1:9999' });
  server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('the local web app server', () => {
  it('serves index.html uncached with the CSP that names the documents’ origin', async () => {
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-src http://127.0.0.1:9999');
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves hashed assets for a year, and any other path as the app', async () => {
    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const deep = await fetch(`${url}/some/page`);
    expect(await deep.text()).toContain('<title>app</title>');
  });

  it('never serves a file outside the app’s folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await fetch(url + path);
      expect(await response.text()).not.toContain('outside the app');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await fetch(`${url}/`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
  });
});
