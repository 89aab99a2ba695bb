/**
 * An alert or a recovery notice as a Reply, which each adapter renders its own way (Block Kit,
 * an embed) with a plain-text fallback built from the same title, text and fields. No links.
 */

import type { Reply, ReplyField } from '../replies/reply.ts';
import { formatDuration } from '../time/format-duration.ts';
import { clearsBelow, type ThresholdKind } from './alert-rule.ts';
import type { Notice } from './evaluate.ts';
import type { DownReason, ReadingFacts } from './readings.ts';

export function renderNotice(notice: Notice): Reply {
  const { rule, facts } = notice;
  const alert = notice.type === 'alert';
  const held: ReplyField = alert
    ? { label: 'For', value: notice.heldMs < 1000 ? 'just started' : formatDuration(notice.heldMs) }
    : { label: facts.kind === 'server' ? 'Down for' : 'Lasted', value: formatDuration(notice.heldMs) };
  const ruleField: ReplyField = { label: 'Rule', value: rule.name };
  const { condition } = rule;

  if (condition.kind === 'serverDown' || facts.kind === 'server') {
    const reasons = facts.kind === 'server' ? facts.reasons : [];
    return {
      title: alert ? `Chat server down (${facts.label})` : `Chat server back up (${facts.label})`,
      text: alert
        ? reasons.map(describeDownReason).join('\n')
        : 'The Server API answers and the status files are current again.',
      fields: [{ label: 'Group', value: facts.label.replace(/^group /, '') }, held, ruleField],
      severity: alert ? 'error' : 'success',
      visibility: 'channel',
    };
  }

  const threshold = condition.threshold;
  const below = clearsBelow(rule);
  const unit = condition.kind === 'roomPercent' ? '%' : '';
  const reached = `reached ${threshold}${unit}`;
  const fields = [...factFields(facts, condition.kind), held, ruleField];
  return {
    title: alert
      ? `${headline(facts, condition.kind)} (threshold ${threshold}${unit})`
      : `${headline(facts, condition.kind)}: back below ${below}${unit}`,
    text: alert
      ? `Alert rule ${rule.name}: ${subjectOf(condition.kind)} ${reached}. It clears below ${below}${unit}.`
      : `Alert rule ${rule.name} has cleared: ${subjectOf(condition.kind)} fell below ${below}${unit}.`,
    fields,
    severity: alert ? 'warning' : 'success',
    visibility: 'channel',
  };
}

/** A line for logs: `lobby-busy alert for Lobby (1)`. */
export function describeNotice(notice: Notice): string {
  return `${notice.rule.name} ${notice.type} for ${notice.facts.label}`;
}

function headline(facts: ReadingFacts, kind: ThresholdKind): string {
  switch (facts.kind) {
    case 'room':
      if (kind === 'roomPercent' && facts.capacity !== undefined) {
        return `${facts.label} is ${Math.round((facts.users * 100) / facts.capacity)}% full`;
      }
      return `${facts.label} has ${plural(facts.users, 'user')}`;
    case 'group':
      return kind === 'connections'
        ? `${plural(facts.value, 'connection')} (${facts.label})`
        : `${plural(facts.value, 'user')} logged in (${facts.label})`;
    case 'server':
      return facts.label;
  }
}

function factFields(facts: ReadingFacts, kind: ThresholdKind): ReplyField[] {
  switch (facts.kind) {
    case 'room':
      return [
        { label: 'Room', value: facts.label },
        {
          label: 'Users',
          value: facts.capacity === undefined ? String(facts.users) : `${facts.users}/${facts.capacity}`,
        },
      ];
    case 'group':
      return [
        { label: 'Group', value: facts.label.replace(/^group /, '') },
        { label: kind === 'connections' ? 'Connections' : 'Logged in', value: String(facts.value) },
      ];
    case 'server':
      return [];
  }
}

function subjectOf(kind: ThresholdKind): string {
  switch (kind) {
    case 'roomUsers':
      return 'the users in the room';
    case 'roomPercent':
      return 'the room’s fill level';
    case 'loggedIn':
      return 'the logged-in users';
    case 'connections':
      return 'the connections';
  }
}

export function describeDownReason(reason: DownReason): string {
  switch (reason.kind) {
    case 'unreachable':
      return `The Server API is unreachable: ${reason.detail}.`;
    case 'stale':
      return reason.source === 'dataApi'
        ? `The Data API has not answered for ${formatDuration(reason.ageMs)}.`
        : `The status files have not changed for ${formatDuration(reason.ageMs)}.`;
    case 'stopped':
      return `The group is stopped: ${reason.source === 'dataApi' ? 'online.xml' : 'online.txt'} shows 0 rooms.`;
    case 'no-status':
      return `No status files: ${reason.detail}.`;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
