import { describe, expect, it } from 'vitest';
import { AfterReply } from '../../src/commands/after-reply.ts';

describe('AfterReply', () => {
  it('runs nothing before the caller has moved on, then everything in the order queued', async () => {
    const ran: string[] = [];
    const afterReply = new AfterReply((error) => ran.push(`error: ${String(error)}`));
    afterReply.defer(() => ran.push('first'));
    afterReply.defer(() => ran.push('second'));
    await Promise.resolve();
    expect(ran).toEqual([]);
    await afterReply.settled();
    expect(ran).toEqual(['first', 'second']);
  });

  it('reports a task that throws and still runs the ones after it', async () => {
    const ran: string[] = [];
    const afterReply = new AfterReply((error) => ran.push(`reported: ${(error as Error).message}`));
    afterReply.defer(() => {
      throw new Error('metrics broke');
    });
    afterReply.defer(() => ran.push('audit'));
    await afterReply.settled();
    expect(ran).toEqual(['reported: metrics broke', 'audit']);
  });

  it('is settled at once when nothing waits, and again after a second batch', async () => {
    const afterReply = new AfterReply(() => {});
    await afterReply.settled();
    let count = 0;
    afterReply.defer(() => {
      count += 1;
    });
    await afterReply.settled();
    afterReply.defer(() => {
      count += 1;
    });
    await afterReply.settled();
    expect(count).toBe(2);
  });
});
