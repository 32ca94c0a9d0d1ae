// SvelteKit 3: there is no svelte.config.js; Kit's options go straight into `sveltekit({...})`.
// `defineConfig` comes from `vitest/config` because this file also holds the web tests' config.
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// `vite dev` runs the app alone; the engine (Socket.IO, /engine, /api) runs under `npm start`.
const engine = process.env.CMZ_ENGINE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: 'build', precompress: true }),
    }),
  ],
  server: {
    proxy: {
      '/engine': engine,
      '/api': engine,
      '/socket.io': { target: engine, ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The built app (web/build) is loaded by Node itself, as in production: run through Vite, its
    // compiled `*.svelte.js` files would be compiled by Svelte a second time.
    server: { deps: { external: [/\/web\/build\//] } },
  },
});
