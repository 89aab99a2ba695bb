import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { DeliveryQueue, type DeliveryTuning } from '../../src/alerts/delivery-queue.ts';
import { DeliveryRetryAfter, retryAfterOf } from '../../src/alerts/delivery-retry-after.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { RecordingSink } from './recording-sink.ts';
import { waitFor } from './wait.ts';

function post(title: string) {
  const reply: Reply = { title, severity: 'warning', visibility: 'channel' };
  return { channelId: 'C0ALERTS1', reply, description: title };
}

function queueFor(sink: RecordingSink, tuning: DeliveryTuning = {}) {
  const log: string[] = [];
  const queue = new DeliveryQueue(sink, (line) => log.push(line), { backoffBaseMs: 10, ...tuning });
  return { queue, log };
}

describe('retrying a failed post', () => {
  it('a 429 with Retry-After, then success: the alert arrives once, after the delay', async () => {
    const sink = new RecordingSink('slack').rateLimitNext(300);
    const { queue, log } = queueFor(sink);
    // On a test clock (the queue's timers and performance.now() faked): no retry 1 ms before the
    // platform's delay, the retry at it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      queue.enqueue(post('Lobby (1) has 50 users (threshold 50)'));
      await vi.advanceTimersByTimeAsync(299);
      expect(sink.attempts.map((attempt) => attempt.outcome)).toEqual(['failed']);
      await vi.advanceTimersByTimeAsync(1);
      await queue.idle();
    } finally {
      vi.useRealTimers();
    }
    expect(sink.titles()).toEqual(['Lobby (1) has 50 users (threshold 50)']);
    const [refused, delivered] = sink.attempts;
    expect(sink.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'delivered']);
    expect((delivered?.at ?? 0) - (refused?.at ?? 0)).toBe(300);
    expect(log).toEqual([
      'alerts: failed to post to slack C0ALERTS1 (attempt 1: 429 Too Many Requests (retry after 300 ms)); the platform asked to wait, retrying in 300 ms: Lobby (1) has 50 users (threshold 50)',
      'alerts: sent to slack C0ALERTS1: Lobby (1) has 50 users (threshold 50)',
    ]);
  });

  it('other failures back off exponentially from the base', async () => {
    const failure = () => new Error('500 Internal Server Error');
    const sink = new RecordingSink('discord').failNext(failure, failure, failure);
    const { queue, log } = queueFor(sink);
    queue.enqueue(post('one'));
    await queue.idle();
    expect(sink.titles()).toEqual(['one']);
    expect(log.map((line) => /retrying in (\d+) ms/.exec(line)?.[1]).filter(Boolean)).toEqual([
      '10',
      '20',
      '40',
    ]);
  });

  it('gives a post up after the last attempt, logged, and goes on with the next', async () => {
    const sink = new RecordingSink('slack').down(() => new Error('channel_not_found'));
    const { queue, log } = queueFor(sink, { maxAttempts: 3 });
    queue.enqueue(post('doomed'));
    await waitFor('three attempts', () => sink.attempts.length === 3);
    sink.up();
    queue.enqueue(post('next'));
    await queue.idle();
    expect(sink.titles()).toEqual(['next']);
    expect(log).toContain(
      'alerts: failed to post to slack C0ALERTS1, given up after 3 attempts (channel_not_found): doomed',
    );
  });

  it('honours a retryAfterMs on any error, as an adapter’s own error type may carry one', () => {
    expect(retryAfterOf(new DeliveryRetryAfter(1500))).toBe(1500);
    expect(retryAfterOf(Object.assign(new Error('rate limited'), { retryAfterMs: 2000 }))).toBe(2000);
    expect(retryAfterOf(new Error('plain'))).toBeUndefined();
    expect(retryAfterOf({ retryAfterMs: -1 })).toBeUndefined();
    expect(new DeliveryRetryAfter(1500).message).toBe('the platform asked to retry after 1500 ms');
  });
});

describe('a platform down for a while', () => {
  it('delivers the queued posts later, in order, none twice', async () => {
    const sink = new RecordingSink('slack').down();
    const { queue } = queueFor(sink);
    const titles = ['first', 'second', 'third', 'fourth', 'fifth'];
    for (const title of titles) queue.enqueue(post(title));
    await waitFor('a few failed attempts', () => sink.attempts.length >= 4);
    expect(sink.posts).toHaveLength(0);
    sink.up();
    await queue.idle();
    expect(sink.titles()).toEqual(titles);
    // Only the head was ever tried while the platform was down.
    expect(
      new Set(
        sink.attempts.filter((attempt) => attempt.outcome === 'failed').map((attempt) => attempt.title),
      ),
    ).toEqual(new Set(['first']));
  });

  it('a post that succeeded is never sent again, whatever fails after it', async () => {
    const failure = () => new Error('socket hang up');
    const sink = new RecordingSink('slack');
    const { queue } = queueFor(sink);
    queue.enqueue(post('A'));
    await queue.idle();
    sink.failNext(failure, failure);
    queue.enqueue(post('B'));
    queue.enqueue(post('C'));
    await queue.idle();
    expect(sink.titles()).toEqual(['A', 'B', 'C']);
    expect(sink.attempts.map((attempt) => `${attempt.title} ${attempt.outcome}`)).toEqual([
      'A delivered',
      'B failed',
      'B failed',
      'B delivered',
      'C delivered',
    ]);
  });

  it('is bounded: when full, the oldest waiting post is dropped with a log line', async () => {
    const sink = new RecordingSink('discord').down();
    const { queue, log } = queueFor(sink, { capacity: 3, backoffBaseMs: 50 });
    queue.enqueue(post('1'));
    await waitFor('the first attempt', () => sink.attempts.length === 1);
    await nextTurn();
    for (const title of ['2', '3', '4', '5']) queue.enqueue(post(title));
    expect(queue.size).toBe(3);
    sink.up();
    await queue.idle();
    expect(sink.titles()).toEqual(['3', '4', '5']);
    expect(log.filter((line) => line.includes('queue is full'))).toEqual([
      'alerts: the discord queue is full (3 posts): dropped the oldest, 1 for C0ALERTS1',
      'alerts: the discord queue is full (3 posts): dropped the oldest, 2 for C0ALERTS1',
    ]);
  });

  it('stop() drops what waits, with a log line, and posts nothing more', async () => {
    const sink = new RecordingSink('slack').down();
    const { queue, log } = queueFor(sink, { backoffBaseMs: 10_000 });
    queue.enqueue(post('waiting'));
    await waitFor('the first attempt', () => sink.attempts.length === 1);
    await queue.stop();
    sink.up();
    queue.enqueue(post('late'));
    expect(sink.posts).toHaveLength(0);
    expect(log.slice(-2)).toEqual([
      'alerts: not posted to slack C0ALERTS1 (alerts stopped): waiting',
      'alerts: not posted to slack C0ALERTS1 (alerts are stopped): late',
    ]);
  });
});

describe('metrics', () => {
  it('the observer hears every attempt and the queue length, which Prometheus then shows', async () => {
    const { Metrics } = await import('../../src/observability/metrics.ts');
    const metrics = new Metrics();
    const sink = new RecordingSink('discord').rateLimitNext(20);
    const queue = new DeliveryQueue(
      sink,
      () => {},
      { backoffBaseMs: 10 },
      {
        attempted: (platform, result) => metrics.recordAlertPost(platform, result),
        queued: (platform, waiting) => metrics.setAlertsQueued(platform, waiting),
      },
    );
    queue.enqueue(post('one'));
    queue.enqueue(post('two'));
    await queue.idle();
    const text = await metrics.text();
    expect(text).toContain('flashchat_alerts_total{platform="discord",result="failed"} 1');
    expect(text).toContain('flashchat_alerts_total{platform="discord",result="sent"} 2');
    expect(text).toContain('flashchat_alerts_queued{platform="discord"} 0');
  });
});

describe('posts of the alert outbox', () => {
  it('the sink is given each post’s key; onFinished hears what became of each: sent, given up, dropped', async () => {
    const sink = new RecordingSink('slack');
    const finished: string[] = [];
    const log: string[] = [];
    const queue = new DeliveryQueue(
      sink,
      (line) => log.push(line),
      // Retries far apart next to the polls below, so what waits between two attempts is seen there.
      { backoffBaseMs: 200, maxAttempts: 2, capacity: 2 },
      undefined,
      async (done, outcome) => {
        finished.push(`${done.key} ${outcome}`);
      },
    );
    queue.enqueue({ ...post('one'), key: 'k1' });
    await queue.idle();
    sink.down(() => new Error('channel_not_found'));
    queue.enqueue({ ...post('two'), key: 'k2' });
    await queue.idle();
    queue.enqueue({ ...post('three'), key: 'k3' });
    await waitFor('the first attempt at three', () => sink.attempts.length >= 4);
    expect(sink.attempts.at(-1)).toMatchObject({ title: 'three', outcome: 'failed' });
    queue.enqueue({ ...post('four'), key: 'k4' });
    // Full: five drops three, the oldest waiting.
    queue.enqueue({ ...post('five'), key: 'k5' });
    sink.up();
    await queue.idle();
    expect(sink.posts.map((sent) => [sent.reply.title, sent.key])).toEqual([
      ['one', 'k1'],
      ['four', 'k4'],
      ['five', 'k5'],
    ]);
    expect(finished).toEqual(['k1 sent', 'k2 failed', 'k3 dropped', 'k4 sent', 'k5 sent']);
  });

  it('a post still waiting when the queue stops is told nothing: it stays in the outbox, and the log says so', async () => {
    const sink = new RecordingSink('slack').down();
    const finished: string[] = [];
    const log: string[] = [];
    const queue = new DeliveryQueue(
      sink,
      (line) => log.push(line),
      { backoffBaseMs: 10_000 },
      undefined,
      async (done, outcome) => {
        finished.push(`${done.key} ${outcome}`);
      },
    );
    queue.enqueue({ ...post('in flight'), key: 'k1' });
    queue.enqueue({ ...post('waiting'), key: 'k2' });
    await waitFor('the first attempt', () => sink.attempts.length === 1);
    await queue.stop();
    expect(finished).toEqual([]);
    expect(log.at(-1)).toBe(
      'alerts: not posted to slack C0ALERTS1 (alerts stopped; it stays in the outbox for the next start): waiting',
    );
  });

  it('a mark that fails is logged: the post was sent, and the next start may send it again', async () => {
    const sink = new RecordingSink('slack');
    const log: string[] = [];
    const queue = new DeliveryQueue(
      sink,
      (line) => log.push(line),
      {},
      undefined,
      async () => {
        throw new Error('the state store is closed');
      },
    );
    queue.enqueue({ ...post('one'), key: 'k1' });
    queue.enqueue({ ...post('two'), key: 'k2' });
    await queue.idle();
    expect(sink.titles()).toEqual(['one', 'two']);
    expect(log).toContain(
      'alerts: one for slack C0ALERTS1 could not be marked sent in the alert outbox (the state store is closed); the next start may post it again',
    );
  });
});
