import { describe, expect, it } from 'vitest';
import { summarise } from '../../bench/stats.ts';
import { MAX_GENERAL_REPLY_CHARS, parseReply } from '../../src/protocol/reply.ts';

/**
 * How the time to refuse a hostile reply grows with its length (moved here from
 * test/protocol/reply-fast-path.test.ts: a time is measured in `npm run test:stress` only). The
 * reply is many attributes and a long run of spaces, never closed. The XML validator takes more
 * than linear time in the number of attributes (about 10 times as long for 4 times the text,
 * measured before the limit), so the general path refuses a text longer than 64 KiB unread.
 * Figure: refusing a 1 MB reply (the most the client reads) against refusing one just under the
 * limit, timed alternately in the same run: 16 times the text must take less than 16 times as
 * long (linear or better).
 */

const hostile = (characters: number) => {
  const attributes = ' a="x"'.repeat(Math.floor(characters / 4 / 6));
  return `<r${attributes}${' '.repeat(characters - attributes.length - 3)}x`;
};

function timeRefusal(text: string): number {
  const started = performance.now();
  expect(() => parseReply(text)).toThrow();
  return performance.now() - started;
}

describe('parseReply on a long hostile reply', () => {
  it('refuses 16 times the text in less than 16 times the time', () => {
    const small = hostile(MAX_GENERAL_REPLY_CHARS - 1);
    const large = hostile(MAX_GENERAL_REPLY_CHARS * 16);
    expect(small.length).toBe(MAX_GENERAL_REPLY_CHARS - 1);
    expect(large.length).toBe(1024 * 1024);
    const smallMs: number[] = [];
    const largeMs: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      timeRefusal(small);
      timeRefusal(large);
    }
    for (let round = 0; round < 15; round += 1) {
      smallMs.push(timeRefusal(small));
      largeMs.push(timeRefusal(large));
    }
    const [smallP50, largeP50] = [summarise(smallMs).p50, summarise(largeMs).p50];
    const ratio = largeP50 / smallP50;
    process.stdout.write(
      `hostile reply refused: ${large.length} characters p50 ${largeP50.toFixed(2)} ms, ` +
        `${small.length} characters p50 ${smallP50.toFixed(2)} ms, ratio ${ratio.toFixed(2)} (linear: 16)\n`,
    );
    expect(ratio).toBeLessThan(16);
  });
});
