import type { AlertsService } from '../alerts/alerts-service.ts';
import type { AuditLog } from '../audit/index.ts';
import type { DataApiClient } from '../data-api/index.ts';
import type { Identity } from '../permissions/identity.ts';
import type { ServerCommand } from '../protocol/server-commands.ts';
import type { RoomDirectory } from '../rooms/index.ts';
import type { StatsService } from '../stats/stats-service.ts';
import type { StatusSource } from '../status/index.ts';
import type { CommandOutcome } from '../transport/server-api-client.ts';

/** What the operations' handlers work with; built once at start-up. */
/** Sends Server API commands; the ServerApiClient in production. */
export interface CommandSender {
  send(command: ServerCommand): Promise<CommandOutcome>;
}

export interface CoreServices {
  server: CommandSender;
  /** The configured group: the one `status`, `who` and room commands act on. */
  group: string;
  /** The group's status as commands read it: the status files, or the Data API. */
  status: StatusSource;
  dataApi: DataApiClient | undefined;
  rooms: RoomDirectory;
  audit: AuditLog;
  help: HelpIndex;
  /** Occupancy alerts: the rules, their state, mutes. */
  alerts: AlertsService;
  /** Occupancy history: charts of users over time (src/stats). */
  stats: StatsService;
}

export interface HelpEntry {
  label: string;
  usage: string;
  summary: string;
  options: ReadonlyArray<{ name: string; placeholder: string; description: string }>;
  examples: readonly string[];
  destructive: boolean;
}

export interface HelpIndex {
  /** The operations this identity may run, in catalogue order. */
  permitted(identity: Identity): readonly HelpEntry[];
  /** The operation named by these words, if any (a prefix such as `room` finds nothing). */
  find(words: readonly string[]): HelpEntry | undefined;
}
