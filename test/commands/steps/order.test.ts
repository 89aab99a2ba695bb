import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../../src/audit/index.ts';
import type { CoreServices } from '../../../src/catalogue/services.ts';
import type { Attempt } from '../../../src/commands/attempt.ts';
import { type CommandCoreOptions, commandPaths } from '../../../src/commands/command-core.ts';
import { Confirmations } from '../../../src/commands/confirmations.ts';
import { Cooldowns } from '../../../src/commands/cooldowns.ts';
import { pendingRunCodec } from '../../../src/commands/pending-run-codec.ts';
import { runSteps } from '../../../src/commands/run-steps.ts';
import type { AccessPolicy } from '../../../src/permissions/index.ts';
import { scratchStateStore } from '../../state/scratch-store.ts';
import { attemptOf, CATALOGUE, policyAllowing } from './fixtures.ts';

const state = await scratchStateStore();

function paths(policy: AccessPolicy, recorded: Attempt[] = []) {
  const options: CommandCoreOptions = {
    catalogue: CATALOGUE,
    services: {} as CoreServices,
    policy,
    audit: {} as AuditLog,
    cooldownsMs: new Map(),
    state,
    announceChanges: true,
  };
  return commandPaths(options, {
    cooldowns: new Cooldowns(new Map(), state.cooldowns),
    confirmations: new Confirmations(60_000, state.entries, pendingRunCodec(CATALOGUE)),
    record: (attempt) => recorded.push(attempt),
  });
}

describe('the order of the command path', () => {
  it('is audit around all, then the operation, its permission, its values, cooldown, rooms, confirmation, run', () => {
    const { request, answer } = paths(policyAllowing());
    expect(request.map((step) => step.name)).toEqual([
      'audit',
      'find-operation',
      'parse-arguments',
      'permission',
      'validate',
      'param-permission',
      'cooldown',
      'resolve-rooms',
      'ask-confirmation',
      'run',
    ]);
    // An answer claims its prompt, then is checked again as of now: roles may have changed.
    expect(answer.map((step) => step.name)).toEqual([
      'audit',
      'claim-confirmation',
      'permission',
      'param-permission',
      'cooldown',
      'run',
    ]);
  });

  it('runs as composed: a line goes through to the run, audited once; permission is asked before values', async () => {
    const recorded: Attempt[] = [];
    const allowed = attemptOf({ line: '/chat say hello' });
    expect(await runSteps(paths(policyAllowing('say'), recorded).request, allowed)).toMatchObject({
      title: 'Said',
      text: 'hello',
    });
    expect(recorded).toEqual([allowed]);
    expect(allowed).toMatchObject({ decision: 'allowed', outcome: 'ok' });

    const tooLong = attemptOf({ line: `/chat say ${'x'.repeat(101)}` });
    expect(await runSteps(paths(policyAllowing()).request, tooLong)).toMatchObject({ title: 'Not allowed' });
  });
});
