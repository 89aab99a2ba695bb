import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';

const SECRET = 'xoxb-secret-token-1234';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { stream, text: () => text };
}

describe('createLogger', () => {
  it('writes JSON lines and masks secrets by field name and by value, wherever they are', () => {
    const out = capture();
    const log = createLogger({ secrets: [SECRET, 'pw-9'], destination: out.stream });
    log.info(
      { botToken: 'anything', nested: { signingSecret: 'abc', note: `token is ${SECRET}` } },
      `sent with ${SECRET}`,
    );
    log.error({ err: new Error(`auth failed for ${SECRET}`) }, 'slack login failed');
    log.warn(`short secrets like pw-9 are masked too`);
    const lines = out
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(out.text()).not.toContain(SECRET);
    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'flashchat-ops',
      botToken: '[redacted]',
      nested: { signingSecret: '[redacted]', note: 'token is [redacted]' },
      msg: 'sent with [redacted]',
    });
    const logged = lines[1]?.err as { message: string } | undefined;
    expect(logged?.message).toBe('auth failed for [redacted]');
    expect(lines[2]?.msg).toBe('short secrets like [redacted] are masked too');
  });
});
