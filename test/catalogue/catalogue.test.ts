import { describe, expect, it } from 'vitest';
import { CATALOGUE, PERMISSION_KEYS } from '../../src/catalogue/catalogue.ts';
import { usageLine } from '../../src/catalogue/usage.ts';

describe('the operation catalogue', () => {
  it('declares the operations and permission keys the product promises', () => {
    expect(PERMISSION_KEYS).toEqual([
      'status',
      'rooms',
      'full',
      'who',
      'stats',
      'broadcast',
      'broadcast.as',
      'pm',
      'pm.as',
      'room.add',
      'room.edit',
      'room.delete',
      'group.start',
      'group.stop',
      'alerts',
      'alerts.mute',
      'alerts.unmute',
      'audit',
      'audit.export',
      'help',
    ]);
  });

  it('gives every permission key once: no guarded parameter shares a key with an operation', () => {
    expect(new Set(PERMISSION_KEYS).size).toBe(PERMISSION_KEYS.length);
  });

  it('names each operation by its words, once', () => {
    const labels = CATALOGUE.map((operation) => operation.words.join(' '));
    expect(new Set(labels).size).toBe(labels.length);
    for (const operation of CATALOGUE) expect(operation.words.join('.')).toBe(operation.name);
  });

  it('asks for confirmation exactly where an operation is destructive', () => {
    expect(CATALOGUE.filter((operation) => operation.destructive).map((operation) => operation.name)).toEqual(
      ['room.delete', 'group.stop'],
    );
    for (const operation of CATALOGUE.filter((candidate) => candidate.destructive)) {
      expect(operation.confirmQuestion).toBeTypeOf('function');
    }
  });

  it('fits the platforms: texts within 100 characters, at most 25 parameters, a rest parameter only last', () => {
    for (const operation of CATALOGUE) {
      expect(operation.summary.length, operation.name).toBeLessThanOrEqual(100);
      const params = Object.entries(operation.params);
      expect(params.length, operation.name).toBeLessThanOrEqual(25);
      for (const [name, param] of params)
        expect(param.description.length, `${operation.name}.${name}`).toBeLessThanOrEqual(100);
      const rests = params.filter(([, param]) => param.placement === 'rest');
      expect(rests.length, operation.name).toBeLessThanOrEqual(1);
      expect(operation.examples.length, operation.name).toBeGreaterThan(0);
    }
  });

  it('derives usage lines from the declarations', () => {
    expect(CATALOGUE.map(usageLine)).toEqual([
      '/chat status',
      '/chat rooms',
      '/chat full [percent]',
      '/chat who <room>',
      '/chat stats [room] [period]',
      '/chat broadcast [as=name] <message…>',
      '/chat pm <user> [option=value …] <message…>',
      '/chat room add <name> [option=value …]',
      '/chat room edit <room> [option=value …]',
      '/chat room delete <room>',
      '/chat group start [group]',
      '/chat group stop [group]',
      '/chat alerts',
      '/chat alerts mute <rule> <duration>',
      '/chat alerts unmute <rule>',
      '/chat audit [count] [option=value …]',
      '/chat audit export [since]',
      '/chat help [operation…]',
    ]);
  });
});
