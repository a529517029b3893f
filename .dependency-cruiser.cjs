// Boundaries between packages and inside the server, checked by `npm run depcheck` (part of
// `npm run check`). Zero violations and no exceptions file: a rule that no longer fits is changed
// here, with the reason, in the same change as the code.
const SERVER = '^packages/server/src/';
// Core plumbing every module may use; it never imports a feature module.
const CORE = `${SERVER}(db|http|auth|audit|storage|pdf|jobs|backup)/|${SERVER}(errors|config|crypto|clock)\\.ts$`;
const TESTS = '(^|/)(test|e2e|bench)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'packages/domain holds the rules as pure functions: no Node built-ins, no packages, no other workspace.',
      severity: 'error',
      from: { path: '^packages/domain/src/' },
      to: { pathNot: '^packages/domain/src/' },
    },
    {
      name: 'contracts-only-typebox',
      comment: 'packages/contracts is schemas: it imports TypeBox and itself, nothing else.',
      severity: 'error',
      from: { path: '^packages/contracts/src/' },
      to: { pathNot: '^packages/contracts/src/|(^|/)node_modules/@sinclair/typebox/' },
    },
    {
      name: 'web-not-server',
      comment: 'The web app talks to the server over HTTP only.',
      severity: 'error',
      from: { path: '^packages/web/' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'shared-packages-not-apps',
      comment: 'domain and contracts are used by server and web, never the other way round.',
      severity: 'error',
      from: { path: '^packages/(domain|contracts)/' },
      to: { path: '^packages/(server|web)/' },
    },
    {
      name: 'core-not-modules',
      comment: 'Core server folders never import a feature module; modules plug into core, not the reverse.',
      severity: 'error',
      from: { path: CORE },
      to: { path: `${SERVER}modules/` },
    },
    {
      name: 'core-not-demo',
      comment: 'Only the entry points (cli, main) and the demo itself import the demo.',
      severity: 'error',
      from: { path: SERVER, pathNot: `${SERVER}(cli|main)\\.ts$|${SERVER}demo/` },
      to: { path: `${SERVER}demo/` },
    },
    {
      name: 'ingest-through-its-index',
      comment:
        'Ingest is a layer inside the devices module: outside ingest/ it is reached only through ingest/index.ts.',
      severity: 'error',
      from: { path: '^packages/server/src/', pathNot: '^packages/server/src/modules/devices/ingest/' },
      to: { path: '^packages/server/src/modules/devices/ingest/', pathNot: '/ingest/index\\.ts$' },
    },
    {
      name: 'no-file-cycles',
      comment: 'No import cycles between source files (module-level cycles: scripts/check-boundaries.mjs).',
      severity: 'error',
      from: { path: '^packages/', pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
