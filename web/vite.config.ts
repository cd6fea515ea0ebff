// The web app's build: Preact's JSX through the bundler's own TypeScript transform (no Babel), output in
// web/dist, which the local gateway serves and CDK uploads. `npx vite web` proxies /v1 to `npm start`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: modules: the CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
  logLevel: 'warn',
});
