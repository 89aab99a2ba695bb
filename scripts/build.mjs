#!/usr/bin/env node
/**
 * npm run build [-- --outdir <folder>]: the programs as plain JavaScript under dist/, one bundle
 * per entry point, packages left to node_modules. `npm start`, the emulator, `npm run register`
 * and the benchmark run these bundles with node: no TypeScript loader in a running bot (it costs
 * ~30 MB of memory and a thread), and the code measured is the code that runs.
 */
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every program a user or the benchmark starts; each becomes <outdir>/<same path>.js. */
const ENTRY_POINTS = [
  'app/start.ts',
  'app/migrate.ts',
  'app/audit.ts',
  'src/emulator/cli.ts',
  'adapters/discord/register-cli.ts',
  'bench/run.ts',
  'bench/processes/app-child.ts',
  'bench/processes/sdk-child.ts',
  'bench/processes/emulator-child.ts',
  'bench/processes/slack-side-child.ts',
  'bench/processes/discord-side-child.ts',
  'bench/processes/churn-emulator-child.ts',
  'bench/processes/watch-only-child.ts',
];

const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = resolve(ROOT, values.outdir ?? 'dist');

// Built aside, then each file renamed into place: a program started meanwhile (npm start in
// another terminal) reads a whole old bundle or a whole new one, never a half-written one.
await mkdir(outdir, { recursive: true });
const staging = await mkdtemp(join(outdir, '.build-'));
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: staging,
    outbase: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of await filesUnder(staging)) {
    const target = join(outdir, relative(staging, file));
    await mkdir(dirname(target), { recursive: true });
    await rename(file, target);
  }
} finally {
  await rm(staging, { recursive: true, force: true });
}

async function filesUnder(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
