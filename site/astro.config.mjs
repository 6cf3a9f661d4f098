// Astro 5, server output on Node (standalone): every page and API route is rendered per request.
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  server: { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 4321) },
  // Partner forms are protected by SameSite=Strict session cookies and Bearer tokens; Astro's
  // origin check also applies to form posts.
  security: { checkOrigin: true },
  build: { inlineStylesheets: 'never' },
  vite: {
    // Workspace packages export TypeScript sources and their own dependencies are not visible
    // from site/node_modules (pnpm is strict): bundle everything into the server build.
    ssr: { noExternal: true },
    build: { assetsInlineLimit: 0 },
  },
});
