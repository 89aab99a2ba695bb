import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The benchmark runs built (dist/bench/run.js, as `npm run bench` does) or from its sources
 * under tsx while it is being worked on; the programs it forks must be the same kind as itself.
 */
const BUILT = import.meta.url.endsWith('.js');

/** The folder holding package.json: one level above bench/ in the sources, two above dist/bench/. */
export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);

/** A program under bench/processes/, as source or as its bundle. */
export function benchProcess(name: string): string {
  return BUILT
    ? join(PACKAGE_ROOT, 'dist', 'bench', 'processes', `${name}.js`)
    : join(PACKAGE_ROOT, 'bench', 'processes', `${name}.ts`);
}

function findPackageRoot(from: string): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`bench: no package.json above ${from}`);
  }
}
