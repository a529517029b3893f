// `npm start`: builds the web app when its sources are newer than the build, builds the server into
// plain JavaScript when its sources changed (scripts/build-server.mjs, under a second), then runs the
// compiled server in this process with plain Node — no TypeScript loader at run time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, serverBuildIsFresh, SERVER_ENTRY } from './build-server.mjs';

const web = path.resolve('packages/web');
const built = path.join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the web app (once, ~30 s)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!serverBuildIsFresh()) {
  console.log('Building the server (once after a change, ~1 s)…');
  await buildServer({ quiet: true });
}
// The compiled CLI reads its command from process.argv: `start` and what followed `npm start --`.
process.argv = [process.argv[0], SERVER_ENTRY, 'start', ...process.argv.slice(2)];
process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources
await import(pathToFileURL(SERVER_ENTRY).href);
