/**
 * Slack's acknowledgement deadline: a slash command, a button click and an event must each be
 * answered with HTTP 200 within 3 seconds, or Slack gives up on it (the user sees
 * operation_timeout; an event is sent again). docs.slack.dev/interactivity/implementing-slash-commands
 * ("respond within 3000 milliseconds"), docs.slack.dev/interactivity/handling-user-interaction
 * (interaction payloads: "respond with an HTTP 200 OK … within 3 seconds"), and Bolt's own
 * docs.slack.dev/tools/bolt-python/concepts/acknowledge ("you only have 3 seconds to respond
 * before Slack registers a timeout error"). Counted here on the time from sending the request to
 * its whole answer read, as Slack's side sees it (never less than the app took).
 */

export const SLACK_ACK_DEADLINE_MS = 3_000;

export interface SlackAckReport {
  acks: number;
  /** Answered after Slack's 3 s: Slack would have given up on them. */
  late: number;
  slowestMs: number;
  /** The median and the 90th percentile: whether a slow tail is a few or the whole burst. */
  p50Ms: number;
  p90Ms: number;
}

export function slackAckReport(ackTimesMs: readonly number[]): SlackAckReport {
  return {
    acks: ackTimesMs.length,
    late: ackTimesMs.filter((ms) => ms > SLACK_ACK_DEADLINE_MS).length,
    slowestMs: Math.max(0, ...ackTimesMs),
    p50Ms: percentile(ackTimesMs, 0.5),
    p90Ms: percentile(ackTimesMs, 0.9),
  };
}

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/** `Slack acks: 1,000, late (>3 s): 0, p50 120 ms, p90 410 ms, slowest 640 ms`, for a run's output. */
export function slackAckLine(report: SlackAckReport, label = 'Slack acks'): string {
  return `${label}: ${report.acks.toLocaleString('en-US')}, late (>3 s): ${report.late}, p50 ${Math.round(report.p50Ms)} ms, p90 ${Math.round(report.p90Ms)} ms, slowest ${Math.round(report.slowestMs)} ms`;
}
