import { describe, expect, it } from 'vitest';
import { type AlertChart, AlertDelivery } from '../../src/alerts/alert-delivery.ts';
import type { AlertRule } from '../../src/alerts/alert-rule.ts';
import type { Notice } from '../../src/alerts/evaluate.ts';
import type { ReplyAttachment } from '../../src/replies/reply.ts';
import { rule } from './engine-fixture.ts';
import { RecordingSink } from './recording-sink.ts';

/** The delivery unit: a queue per sink, a notice rendered once and queued for each channel of its rule. */

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function alertOf(alertRule: AlertRule, type: Notice['type'] = 'alert'): Notice {
  return {
    type,
    rule: alertRule,
    key: 'room:1',
    facts: { kind: 'room', roomId: 1, label: 'Lobby (1)', users: 50, capacity: 100 },
    startedAt: T0,
    heldMs: 0,
  };
}

const both = rule({
  name: 'lobby-busy',
  condition: { kind: 'roomUsers', threshold: 50 },
  channels: { slack: 'C0ALERTS1', discord: '701' },
});

function deliveryWith(chart?: AlertChart) {
  const log: string[] = [];
  const delivery = new AlertDelivery({
    log: (line) => log.push(line),
    tuning: { backoffBaseMs: 10 },
    chart,
  });
  return { delivery, log };
}

const png: ReplyAttachment = {
  fileName: 'occupancy-room-1-1h.png',
  content: new Uint8Array([137, 80, 78, 71]),
  mediaType: 'image/png',
  altText: 'chart',
};

describe('AlertDelivery', () => {
  it('posts a notice into each channel its rule names, through that platform’s sink', async () => {
    const { delivery, log } = deliveryWith();
    const slack = new RecordingSink('slack');
    const discord = new RecordingSink('discord');
    delivery.attach([slack, discord]);
    delivery.warnAboutMissingSinks([both]);
    await delivery.deliver(alertOf(both));
    await delivery.idle();
    expect(slack.posts.map((post) => [post.channelId, post.reply.title])).toEqual([
      ['C0ALERTS1', 'Lobby (1) has 50 users (threshold 50)'],
    ]);
    expect(discord.posts.map((post) => post.channelId)).toEqual(['701']);
    expect(log).toEqual([
      'alerts: sent to slack C0ALERTS1: lobby-busy alert for Lobby (1)',
      'alerts: sent to discord 701: lobby-busy alert for Lobby (1)',
    ]);
  });

  it('a channel without a sink is warned about at start and logged at each notice; a second sink of a platform is refused', async () => {
    const { delivery, log } = deliveryWith();
    const slack = new RecordingSink('slack');
    delivery.attach([slack, new RecordingSink('slack')]);
    delivery.warnAboutMissingSinks([both]);
    await delivery.deliver(alertOf(both, 'recovery'));
    await delivery.idle();
    expect(slack.posts).toHaveLength(1);
    expect(log).toEqual([
      'alerts: a second slack sink was given; only the first is used',
      'alerts: rule lobby-busy names a discord channel, but no discord sink is attached',
      'alerts: not posted to discord 701 (no discord sink attached): lobby-busy recovery for Lobby (1)',
      'alerts: sent to slack C0ALERTS1: lobby-busy recovery for Lobby (1)',
    ]);
  });

  it('attaches the chart to an alert of a rule with attachChart, never to a recovery', async () => {
    const subjects: Array<{ roomId?: number }> = [];
    const { delivery } = deliveryWith(async (subject) => {
      subjects.push(subject);
      return png;
    });
    const slack = new RecordingSink('slack');
    delivery.attach([slack]);
    const charted = { ...both, channels: { slack: 'C0ALERTS1' }, attachChart: true };
    await delivery.deliver(alertOf(charted));
    await delivery.deliver(alertOf(charted, 'recovery'));
    await delivery.idle();
    expect(subjects).toEqual([{ roomId: 1 }]);
    expect(slack.posts.map((post) => post.reply.attachment?.fileName)).toEqual([
      'occupancy-room-1-1h.png',
      undefined,
    ]);
  });

  it('a chart that fails, or no history: the alert goes without one, and the log says why', async () => {
    const charted = { ...both, channels: { slack: 'C0ALERTS1' }, attachChart: true };
    const failing = deliveryWith(async () => {
      throw new Error('canvas gone');
    });
    const off = deliveryWith();
    for (const { delivery } of [failing, off]) {
      const slack = new RecordingSink('slack');
      delivery.attach([slack]);
      await delivery.deliver(alertOf(charted));
      await delivery.idle();
      expect(slack.posts[0]?.reply.attachment).toBeUndefined();
    }
    expect(failing.log[0]).toBe(
      'alerts: lobby-busy alert for Lobby (1): the chart could not be drawn (canvas gone); sent without it',
    );
    expect(off.log[0]).toBe(
      'alerts: lobby-busy alert for Lobby (1): no chart attached (occupancy history is off: stats.enabled)',
    );
  });

  it('stop drops what waits for a sink that is down, with a log line, and detaches the sinks', async () => {
    const { delivery, log } = deliveryWith();
    const slack = new RecordingSink('slack').down();
    delivery.attach([slack]);
    const slackOnly = { ...both, channels: { slack: 'C0ALERTS1' } };
    await delivery.deliver(alertOf(slackOnly));
    await delivery.deliver(alertOf(slackOnly, 'recovery'));
    await delivery.stop();
    expect(slack.posts).toEqual([]);
    expect(log).toContain(
      'alerts: not posted to slack C0ALERTS1 (alerts stopped): lobby-busy recovery for Lobby (1)',
    );
    await delivery.deliver(alertOf(slackOnly));
    expect(log.at(-1)).toBe(
      'alerts: not posted to slack C0ALERTS1 (no slack sink attached): lobby-busy alert for Lobby (1)',
    );
  });
});
