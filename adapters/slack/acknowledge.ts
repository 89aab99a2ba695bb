import type { Log } from './adapter-log.ts';

/**
 * Acknowledges a request; an acknowledgement that cannot be sent does not stop the work. In Socket
 * Mode that happens when Slack refreshes the connection (its `disconnect` message) while a request
 * is on its way: the socket is closing, so the ack fails, and Slack delivers the request again on
 * the new connection. Stopping here would lose the command: that redelivery is a retry, and a retry
 * never runs. Going on runs it once, and the redelivery, carrying the same trigger_id, is dropped
 * as already seen (RedeliveryGuard).
 */
export async function acknowledge(ack: () => Promise<void>, log: Log, what: string): Promise<void> {
  try {
    await ack();
  } catch (error) {
    log(
      `Slack: the acknowledgement of ${what} could not be sent (${error instanceof Error ? error.message : String(error)}); it runs all the same, and Slack's redelivery of it will be dropped.`,
    );
  }
}
