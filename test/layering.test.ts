import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const BIOME = join(ROOT, 'node_modules/.bin/biome');

/**
 * The layering rules `npm run lint` enforces (biome.json), run against a small tree that breaks
 * each of them once, so a rule that stopped working would show here.
 */
const BROKEN_TREE: Record<string, string> = {
  'src/core.ts': "import { a } from '../adapters/slack/x.ts';\nexport const c = a;\n",
  'src/uses-sdk.ts': "import { Client } from 'discord.js';\nexport const d = Client;\n",
  'src/transport/t.ts': "import { k } from '../catalogue/c.ts';\nexport const t = k;\n",
  'src/catalogue/c.ts': 'export const k = 1;\n',
  'src/permissions/policy.ts': "import { r } from '../config/rules.ts';\nexport const policy = r;\n",
  'src/config/rules.ts': 'export const r = 1;\n',
  'src/p.ts': "import { q } from './q.ts';\nexport const p = () => q;\n",
  'src/q.ts': "import { p } from './p.ts';\nexport const q = () => p;\n",
  'adapters/slack/x.ts': "import { d } from '../discord/y.ts';\nexport const a = d;\n",
  'adapters/discord/y.ts': "import { s } from '../shared/s.ts';\nexport const d = s;\n",
  'adapters/shared/s.ts': "import { e } from '../../app/e.ts';\nexport const s = e;\n",
  'app/e.ts': 'export const e = 1;\n',
};

interface Diagnostic {
  category: string;
  location: { path: string };
}

let folder: string;
let found: string[];
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flashchat-layering-'));
  const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  await writeFile(join(folder, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(BROKEN_TREE)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  const run = await promisify(execFile)(BIOME, ['lint', '--reporter=json', '.'], { cwd: folder }).catch(
    (failure: { stdout: string }) => failure,
  );
  const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
  found = report.diagnostics.map((item) => `${item.location.path} ${item.category}`).sort();
}, 30_000);
afterAll(async () => rm(folder, { recursive: true, force: true }));

describe('the layering lint', () => {
  it('refuses each broken rule: core to adapter or SDK, transport upwards, permissions to config, adapter to adapter, shared to app, cycles', () => {
    expect(found).toEqual([
      'adapters/shared/s.ts lint/style/noRestrictedImports',
      'adapters/slack/x.ts lint/style/noRestrictedImports',
      'src/core.ts lint/style/noRestrictedImports',
      'src/p.ts lint/suspicious/noImportCycles',
      'src/permissions/policy.ts lint/style/noRestrictedImports',
      'src/q.ts lint/suspicious/noImportCycles',
      'src/transport/t.ts lint/style/noRestrictedImports',
      'src/uses-sdk.ts lint/style/noRestrictedImports',
    ]);
  });

  it('the tree itself keeps them: the same rules find nothing in src/, adapters/, app/ and bench/', async () => {
    const run = await promisify(execFile)(
      BIOME,
      ['lint', '--reporter=json', 'src', 'adapters', 'app', 'bench'],
      {
        cwd: ROOT,
      },
    ).catch((failure: { stdout: string }) => failure);
    const report = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    expect(report.diagnostics.map((item) => `${item.location.path} ${item.category}`)).toEqual([]);
  });
});
