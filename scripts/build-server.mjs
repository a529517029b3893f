// Builds the server into plain JavaScript for `npm start` (no TypeScript loader at run time):
// packages/server/src/cli.ts and the workspace packages it imports (@redline/domain, @redline/contracts,
// TypeScript sources) are bundled by esbuild into packages/server/dist/; npm packages stay external
// (loaded from node_modules as usual). `node scripts/build-server.mjs [--if-stale] [--quiet]`.
//
// Paths: a few modules find files next to their source (migrations, data/, the web build) through
// `import.meta.url`. In a bundle that would be the bundle's own address, so each module's
// `import.meta.url` is replaced by the address of its source file, and those paths stay what they are
// under tsx.
//
// Freshness: a fingerprint of the inputs (path, size and mtime of every file in the source trees, plus
// this script and the package manifests) is stored beside the build; `--if-stale` rebuilds only when
// it differs (a stat walk of a few hundred files, a few milliseconds). Several starts at once are safe:
// chunks have content-hashed names and the entry file and fingerprint are written last, each by rename.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'packages/server');
export const SERVER_DIST = path.join(server, 'dist');
export const SERVER_ENTRY = path.join(SERVER_DIST, 'cli.js');
const FINGERPRINT = path.join(SERVER_DIST, 'fingerprint.txt');

const INPUT_DIRS = ['packages/server/src', 'packages/domain/src', 'packages/contracts/src'];
const INPUT_FILES = [
  'scripts/build-server.mjs',
  'package.json',
  'packages/server/package.json',
  'packages/domain/package.json',
  'packages/contracts/package.json',
];

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else {
      const s = statSync(p);
      out.push(`${path.relative(root, p)}\t${s.size}\t${s.mtimeMs}`);
    }
  }
}

/** What the build is made from: changes when a source file is added, removed, edited or touched. */
export function serverFingerprint() {
  const lines = [];
  for (const d of INPUT_DIRS) walk(path.join(root, d), lines);
  for (const f of INPUT_FILES) {
    const s = statSync(path.join(root, f));
    lines.push(`${f}\t${s.size}\t${s.mtimeMs}`);
  }
  lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export function serverBuildIsFresh(fingerprint = serverFingerprint()) {
  if (!existsSync(SERVER_ENTRY) || !existsSync(FINGERPRINT)) return false;
  return readFileSync(FINGERPRINT, 'utf8').trim() === fingerprint;
}

/** Replaces `import.meta.url` in a workspace source file by its source file's address. */
const sourceAddress = {
  name: 'source-address',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const rel = path.relative(SERVER_DIST, args.path).split(path.sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

/** npm packages stay external; the workspace's TypeScript packages are bundled. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@redline/') ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildServer({ quiet = false } = {}) {
  const t0 = performance.now();
  const fingerprint = serverFingerprint();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: path.join(server, 'src/cli.ts') },
    outdir: SERVER_DIST,
    bundle: true,
    splitting: true, // lazily imported parts (demo, backup, simulator) stay in their own chunks
    chunkNames: '[name]-[hash]', // beside the entry: the source addresses below are relative to this folder
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
    plugins: [externalPackages, sourceAddress],
  });
  await esbuild.stop(); // its service process would otherwise live as long as the server
  mkdirSync(SERVER_DIST, { recursive: true });
  // Chunks first (content-hashed names: a running server's chunks are never overwritten), then the
  // entry and its map, then the fingerprint — each through a temporary file and a rename.
  const entryFiles = new Set([SERVER_ENTRY, SERVER_ENTRY + '.map']);
  const ordered = [
    ...result.outputFiles.filter((f) => !entryFiles.has(f.path)),
    ...result.outputFiles.filter((f) => entryFiles.has(f.path)),
  ];
  for (const f of ordered) {
    if (!entryFiles.has(f.path) && existsSync(f.path)) continue;
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
  const tmp = `${FINGERPRINT}.${process.pid}.tmp`;
  writeFileSync(tmp, fingerprint + '\n');
  renameSync(tmp, FINGERPRINT);
  if (!quiet)
    console.log(
      `server built into ${path.relative(root, SERVER_DIST)}/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  if (args.includes('--if-stale') && serverBuildIsFresh()) process.exit(0);
  await buildServer({ quiet });
}
