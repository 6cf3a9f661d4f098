// Astro 5, server output on Node (standalone): every page and API route is rendered per request.
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  server: { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 4321) },
  // Form posts must come from this origin: the check is Astro's rule, made in src/middleware.ts
  // (lib/api-errors.ts) so that its refusal is in French (JSON under /api). Astro only trusts the
  // Host header for the hostnames listed here (any port); add the public one with SITE_HOSTNAME at
  // build time.
  security: {
    checkOrigin: false,
    allowedDomains: [
      { hostname: 'localhost' },
      { hostname: '127.0.0.1' },
      ...(process.env.SITE_HOSTNAME ? [{ hostname: process.env.SITE_HOSTNAME }] : []),
    ],
  },
  build: { inlineStylesheets: 'never' },
  vite: {
    // Workspace packages export TypeScript sources and their own dependencies are not visible
    // from site/node_modules (pnpm is strict): bundle everything into the server build.
    // PGlite loads its WASM and data files beside its own module, and pg requires the optional
    // pg-native lazily (bundled, that require fails at run time): both stay external imports.
    ssr: { noExternal: true, external: ['@electric-sql/pglite', 'pg'] },
    build: { assetsInlineLimit: 0 },
  },
});
