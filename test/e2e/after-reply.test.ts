import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CONFIG, type Stack, startStack } from './harness.ts';

const META = {
  identity: { platform: 'console' as const, userId: 'U-after', userName: 'after', groupIds: [] },
  channel: 'console',
};

const commandsCounted = async (stack: Stack) =>
  (await stack.runtime.metrics.text())
    .split('\n')
    .filter((line) => line.startsWith('flashchat_commands_total{') && line.includes('operation="broadcast"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);

describe('bookkeeping after the answer', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(ADMIN_CONFIG);
  });
  afterAll(async () => {
    await stack.close();
  });

  it('hands the answer back first, then audits and counts the command; reads of the log wait for it', async () => {
    const before = await commandsCounted(stack);
    const reply = await stack.runtime.core.handleLine('broadcast counted after the answer', META);
    expect(reply.severity).toBe('success');
    // Nothing is counted yet when the answer arrives: the bookkeeping follows it.
    expect(await commandsCounted(stack)).toBe(before);
    // The log's reader waits for what was answered, without the caller asking the core.
    const [entry] = await stack.runtime.audit.tail(1);
    expect(entry).toMatchObject({ operation: 'broadcast', userId: 'U-after', outcome: 'ok', result: '0' });
    expect(entry?.parameters).toMatchObject({ message: 'counted after the answer' });
    expect(await commandsCounted(stack)).toBe(before + 1);
  });

  it('keeps the entries of answers given back to back in their order', async () => {
    const lines = Array.from({ length: 20 }, (_, index) => `broadcast in order ${index}`);
    for (const line of lines) await stack.runtime.core.handleLine(line, META);
    await stack.runtime.core.settled();
    const entries = await stack.runtime.audit.tail(20);
    expect(entries.map((entry) => entry.parameters.message)).toEqual(lines.map((line) => line.slice(10)));
  });
});
