import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRefusalLog } from '../../../adapters/slack/refusal-log.ts';

/** The HTTP front's refusals in the log: one whole line per kind, then a count a minute. */

afterEach(() => {
  vi.useRealTimers();
});

function logged() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const lines: string[] = [];
  const refusals = createRefusalLog((line) => lines.push(line), '/slack/events');
  return { lines, refusals };
}

describe('createRefusalLog', () => {
  it('a flood of one kind: its first line whole, then one line a minute with the count, however many come', () => {
    const { lines, refusals } = logged();
    for (let index = 0; index < 1_000; index += 1) refusals.refused(401, 'signature mismatch');
    expect(lines).toEqual(['Slack: refused a request to /slack/events (401): signature mismatch.']);
    vi.advanceTimersByTime(60_000);
    for (let index = 0; index < 500; index += 1) refusals.refused(401, 'signature mismatch');
    vi.advanceTimersByTime(60_000);
    expect(lines).toEqual([
      'Slack: refused a request to /slack/events (401): signature mismatch.',
      'Slack: refused 999 more requests to /slack/events like this one in the last minute (401: signature mismatch); one line a minute while they go on.',
      'Slack: refused 500 more requests to /slack/events like this one in the last minute (401: signature mismatch); one line a minute while they go on.',
    ]);
  });

  it('kinds apart by status and reason, numbers aside; a kind that stopped is logged whole again', () => {
    const { lines, refusals } = logged();
    refusals.refused(413, 'Content-Length 2000000 over the limit of 1048576 bytes');
    refusals.refused(413, 'Content-Length 3000000 over the limit of 1048576 bytes');
    refusals.refused(413, 'body over the limit of 1048576 bytes');
    refusals.refused(401, 'no signature headers');
    expect(lines).toEqual([
      'Slack: refused a request to /slack/events (413): Content-Length 2000000 over the limit of 1048576 bytes.',
      'Slack: refused a request to /slack/events (413): body over the limit of 1048576 bytes.',
      'Slack: refused a request to /slack/events (401): no signature headers.',
    ]);
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toBe(
      'Slack: refused 1 more request to /slack/events like this one in the last minute (413: Content-Length 2000000 over the limit of 1048576 bytes); one line a minute while they go on.',
    );
    vi.advanceTimersByTime(60_000);
    refusals.refused(401, 'no signature headers');
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe('Slack: refused a request to /slack/events (401): no signature headers.');
  });

  it('close() tells what was counted and not told yet, and nothing is logged after it', () => {
    const { lines, refusals } = logged();
    refusals.refused(408, 'body not received within 5000 ms');
    refusals.refused(408, 'body not received within 5000 ms');
    refusals.close();
    refusals.refused(408, 'body not received within 5000 ms');
    vi.advanceTimersByTime(120_000);
    expect(lines).toEqual([
      'Slack: refused a request to /slack/events (408): body not received within 5000 ms.',
      'Slack: refused 1 more request to /slack/events like this one in the last minute (408: body not received within 5000 ms); one line a minute while they go on.',
    ]);
  });
});
