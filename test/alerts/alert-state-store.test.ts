import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { muteRule } from '../../src/alerts/alert-state.ts';
import { AlertStateStore } from '../../src/alerts/alert-state-store.ts';
import { useTempFolders } from '../status/temp-folder.ts';

/** The state unit: alerts.json read once, and each commit written before it returns. */

const makeFolder = useTempFolders();

function storeAt(file: string, ruleNames: readonly string[] = ['lobby-busy', 'quiet']) {
  const log: string[] = [];
  return { store: new AlertStateStore({ file, ruleNames, log: (line) => log.push(line) }), log };
}

const mute = { until: Date.UTC(2031, 0, 1), by: 'slack:U0ADMIN' };

describe('AlertStateStore', () => {
  it('no file: an empty state; a commit writes the file (creating its folder) before it resolves', async () => {
    const file = join(await makeFolder(), 'state', 'alerts.json');
    const { store, log } = storeAt(file);
    await store.load();
    expect(store.state.rules.size).toBe(0);
    const next = muteRule(store.state, 'lobby-busy', mute);
    await store.commit(next);
    expect(store.state).toBe(next);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toEqual({ version: 1, rules: { 'lobby-busy': { conditions: {}, mute } } });
    expect(log).toEqual([]);
  });

  it('a restart reads what was committed, without the rules no longer configured', async () => {
    const file = join(await makeFolder(), 'alerts.json');
    const first = storeAt(file).store;
    await first.load();
    await first.commit(muteRule(muteRule(first.state, 'lobby-busy', mute), 'gone', mute));
    const { store } = storeAt(file, ['lobby-busy']);
    await store.load();
    expect([...store.state.rules.keys()]).toEqual(['lobby-busy']);
    expect(store.state.rules.get('lobby-busy')?.mute).toEqual(mute);
  });

  it('a commit of the state already written writes nothing', async () => {
    const file = join(await makeFolder(), 'alerts.json');
    const { store } = storeAt(file);
    await store.load();
    await store.commit(muteRule(store.state, 'quiet', mute));
    await rm(file);
    await store.commit(muteRule(store.state, 'quiet', mute));
    expect(existsSync(file)).toBe(false);
    await store.commit(muteRule(store.state, 'quiet', { ...mute, by: 'discord:1' }));
    expect(JSON.parse(await readFile(file, 'utf8')).rules.quiet.mute.by).toBe('discord:1');
  });

  it('a file that cannot be used is said once, and the store starts afresh', async () => {
    const file = join(await makeFolder(), 'alerts.json');
    await writeFile(file, '{"version": 7}', 'utf8');
    const { store, log } = storeAt(file);
    await Promise.all([store.load(), store.load()]);
    expect(store.state.rules.size).toBe(0);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(
      new RegExp(
        `^alerts: the state file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be used \\(unexpected content`,
      ),
    );
  });

  it('a write that fails is logged, and the state is kept in memory', async () => {
    const folder = await makeFolder();
    // A file where the state's folder should be: the write cannot make it.
    await writeFile(join(folder, 'state'), 'not a folder');
    const file = join(folder, 'state', 'alerts.json');
    const { store, log } = storeAt(file);
    await store.load();
    const next = muteRule(store.state, 'lobby-busy', mute);
    await store.commit(next);
    expect(store.state).toBe(next);
    // Reading it failed too (the path leads through a file), and was said at load.
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^alerts: the state file .*alerts\.json cannot be used/);
    expect(log[1]).toMatch(
      /^alerts: could not save the state to .*alerts\.json \(.+\); after a restart an alert may be repeated$/,
    );
  });
});
