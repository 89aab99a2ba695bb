import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { configFilePath, loadConfigFile } from '../../src/config/load-config-file.ts';
import { API_PASSWORD, ENV, EXAMPLE_YAML, OPERATION_NAMES, PERMISSION_KEYS } from './fixtures.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function configFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'chatops-config-'));
  folders.push(folder);
  return folder;
}

const sources = { env: ENV, permissionKeys: PERMISSION_KEYS, operationNames: OPERATION_NAMES };

describe('loadConfigFile', () => {
  it('reads a file and resolves its relative paths against its folder', async () => {
    const folder = await configFolder();
    const path = join(folder, 'chatops.yml');
    await writeFile(path, EXAMPLE_YAML);

    const config = await loadConfigFile(path, sources);

    expect(config.server.dataDir).toBe(join(folder, 'data'));
    expect(config.audit.path).toBe(join(folder, 'audit.jsonl'));
    expect(config.state.dir).toBe(join(folder, 'state'));
    expect(config.server.apiPassword).toBe(API_PASSWORD);
    expect(config.cooldowns.get('broadcast')).toBe(10_000);
  });

  it('refuses a bad file, naming it as given', async () => {
    const folder = await configFolder();
    const path = join(folder, 'chatops.yml');
    await writeFile(path, 'roles:\n  moderator: { allow: [brodcast] }\n');

    const loading = loadConfigFile(path, sources);

    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toMatchObject({
      problems: [
        `${path}: roles.moderator.allow[0]: unknown operation "brodcast" (did you mean "broadcast"?)`,
      ],
    });
  });

  it('refuses a YAML syntax error with its line and column', async () => {
    const folder = await configFolder();
    const path = join(folder, 'chatops.yml');
    await writeFile(path, 'server:\n  host: 127.0.0.1\n  port: 1\n roles: {}\n');

    await expect(loadConfigFile(path, sources)).rejects.toMatchObject({
      problems: [`${path}: line 4, column 1: All mapping items must start at the same column`],
    });
  });

  it('refuses a file that is missing or is a folder', async () => {
    const folder = await configFolder();
    const missing = join(folder, 'missing.yml');
    await mkdir(join(folder, 'folder.yml'));

    await expect(loadConfigFile(missing, sources)).rejects.toThrow(
      `${missing}: cannot read the file (it does not exist)`,
    );
    await expect(loadConfigFile(join(folder, 'folder.yml'), sources)).rejects.toThrow(
      `${join(folder, 'folder.yml')}: cannot read the file (it is a folder)`,
    );
  });
});

describe('configFilePath', () => {
  it('is CHATOPS_CONFIG when set, else ./chatops.yml', () => {
    expect(configFilePath({ CHATOPS_CONFIG: '/etc/chatops.yml' })).toBe('/etc/chatops.yml');
    expect(configFilePath({ CHATOPS_CONFIG: '' })).toBe('./chatops.yml');
    expect(configFilePath({})).toBe('./chatops.yml');
  });
});
