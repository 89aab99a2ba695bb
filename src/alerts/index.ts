/**
 * Occupancy alerts: rules from the configuration's `alerts:` block, evaluated as the status files
 * change and the Server API is probed, posted into Slack and Discord channels through the sinks
 * the adapters provide.
 */

export { formatDuration } from '../time/format-duration.ts';
export { AlertEngine, type AlertEngineOptions, type AlertEngineTuning } from './alert-engine.ts';
export {
  type AlertChannels,
  type AlertCondition,
  type AlertRule,
  type AlertsSettings,
  type ConditionKind,
  DEFAULT_COOLDOWN_MS,
  DEFAULT_PROBE_INTERVAL_MS,
  DEFAULT_STALE_AFTER_MS,
  defaultMargin,
  describeCondition,
  NO_ALERTS,
  type ThresholdKind,
} from './alert-rule.ts';
export type { AlertSink } from './alert-sink.ts';
export type {
  ActiveCondition,
  AlertRuleStatus,
  AlertsOverview,
  AlertsService,
  MuteOutcome,
  UnmuteOutcome,
} from './alerts-service.ts';
export { DEFAULT_DELIVERY, DeliveryQueue, type DeliveryTuning, type Post } from './delivery-queue.ts';
export { DeliveryRetryAfter, retryAfterOf } from './delivery-retry-after.ts';
export { type AlertEvent, type Evaluation, evaluate, type Notice, nextWakeAt } from './evaluate.ts';
export { type ProbeTarget, probeServerApi } from './liveness-probe.ts';
export type { Observation, OnlineReading, ProbeResult, RoomFacts } from './observation.ts';
export { describeNotice, renderNotice } from './render-notice.ts';
export { STATE_FILE_NAME } from './state-file.ts';
