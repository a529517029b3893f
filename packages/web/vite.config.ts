import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * React, the router and TanStack Query change rarely: one long-cached chunk. antd is left to the
 * bundler so each route only loads the components it uses (one antd chunk put the first screen over budget).
 */
const vendorGroups = [
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
    priority: 30,
  },
];

/**
 * Writes .gz and .br beside every text asset, so a static server with pre-compressed files enabled
 * (@fastify/static `preCompressed: true`) sends ~300 KB instead of ~900 KB for the first screen.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'redline-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const file = path.join(dir, name);
          if (statSync(file).isDirectory()) walk(file);
          else if (/\.(js|css|html|svg|json)$/.test(name) && statSync(file).size > 1024) {
            const buf = readFileSync(file);
            writeFileSync(`${file}.gz`, gzipSync(buf, { level: 9 }));
            writeFileSync(
              `${file}.br`,
              brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            );
          }
        }
      };
      walk(path.join(outDir, 'assets'));
    },
  };
}

/**
 * Installable, and the field pages open without a signal (issue 19): a Workbox service worker
 * (generateSW) precaches the app shell — every built script, style and icon — and answers page
 * navigations with index.html, except the API (its data lives in IndexedDB, features/offline).
 */
function pwa() {
  return VitePWA({
    registerType: 'autoUpdate',
    injectRegister: 'script-defer',
    includeAssets: ['icon.svg', 'icon-maskable.svg'],
    manifest: {
      name: '红线 Redline · 安全生产监管平台',
      short_name: '红线',
      description: '安全生产监管：现场检查（无信号时也可记录）',
      lang: 'zh-CN',
      start_url: '/inspections',
      scope: '/',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#cf1322',
      icons: [
        { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        { src: '/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api\//],
      maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
      cleanupOutdatedCaches: true,
    },
  });
}

export default defineConfig({
  root,
  plugins: [react(), precompress(), pwa()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
});
