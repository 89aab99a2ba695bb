import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEntry } from '../audit/index.ts';

/**
 * The Prometheus metrics of one process, in a registry of its own (not prom-client's global
 * one, so tests and embedders can run several). Fed by the command path and the alerts.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #commands = new Counter({
    name: 'flashchat_commands_total',
    help: 'Command attempts by operation, decision and outcome.',
    labelNames: ['platform', 'operation', 'decision', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: 'flashchat_command_duration_seconds',
    help: 'Time from receiving a command to its answer, for commands that ran.',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly #serverErrors = new Counter({
    name: 'flashchat_server_errors_total',
    help: 'Chat server failures by kind (unreachable, timeout, refused, malformed_reply, invalid_command).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly #denials = new Counter({
    name: 'flashchat_permission_denials_total',
    help: 'Commands refused by the permission layer, by operation.',
    labelNames: ['platform', 'operation'] as const,
    registers: [this.registry],
  });
  readonly #alerts = new Counter({
    name: 'flashchat_alerts_total',
    help: 'Alert posts by platform and result (sent, failed).',
    labelNames: ['platform', 'result'] as const,
    registers: [this.registry],
  });
  readonly #alertsQueued = new Gauge({
    name: 'flashchat_alerts_queued',
    help: 'Alert posts waiting for delivery, by platform.',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });

  recordAttempt(entry: AuditEntry, serverErrorKind: string | undefined): void {
    const { platform, operation, decision, outcome } = entry;
    this.#commandSeries
      .of(`${platform}\0${operation}\0${decision}\0${outcome}`, () =>
        this.#commands.labels({ platform, operation, decision, outcome }),
      )
      .inc();
    if (outcome !== 'not_run')
      this.#durationSeries
        .of(operation, () => this.#duration.labels({ operation }))
        .observe(entry.durationMs / 1000);
    if (decision === 'denied') this.#denials.inc({ platform, operation });
    if (serverErrorKind !== undefined) this.#serverErrors.inc({ kind: serverErrorKind });
  }

  // Every command is counted: its series are found by one string rather than by prom-client
  // hashing (sorting and joining) the labels each time. Operations and decisions are few.
  readonly #commandSeries = new SeriesCache<{ inc(): void }>();
  readonly #durationSeries = new SeriesCache<{ observe(value: number): void }>();

  recordAlertPost(platform: string, result: 'sent' | 'failed'): void {
    this.#alerts.inc({ platform, result });
  }

  setAlertsQueued(platform: string, count: number): void {
    this.#alertsQueued.set({ platform }, count);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

class SeriesCache<Series> {
  readonly #series = new Map<string, Series>();

  of(key: string, create: () => Series): Series {
    let series = this.#series.get(key);
    if (series === undefined) {
      series = create();
      this.#series.set(key, series);
    }
    return series;
  }
}
