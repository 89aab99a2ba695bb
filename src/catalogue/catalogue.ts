import type { Operation } from './operation.ts';
import { alertsMuteOperation, alertsOperation, alertsUnmuteOperation } from './operations/alerts.ts';
import { auditExportOperation, auditOperation } from './operations/audit.ts';
import { broadcastOperation } from './operations/broadcast.ts';
import { fullOperation } from './operations/full.ts';
import { groupStartOperation, groupStopOperation } from './operations/group.ts';
import { helpOperation } from './operations/help.ts';
import { pmOperation } from './operations/pm.ts';
import { roomAddOperation } from './operations/room-add.ts';
import { roomDeleteOperation } from './operations/room-delete.ts';
import { roomEditOperation } from './operations/room-edit.ts';
import { roomsOperation } from './operations/rooms.ts';
import { statsOperation } from './operations/stats.ts';
import { statusOperation } from './operations/status.ts';
import { whoOperation } from './operations/who.ts';
import { permissionKeysOf } from './param-permissions.ts';

/**
 * The single source of truth: every operation flashchat-ops offers, in the order help lists
 * them. Adding an operation is one declaration (in operations/) and one line here.
 */
export const CATALOGUE: readonly Operation[] = [
  statusOperation,
  roomsOperation,
  fullOperation,
  whoOperation,
  statsOperation,
  broadcastOperation,
  pmOperation,
  roomAddOperation,
  roomEditOperation,
  roomDeleteOperation,
  groupStartOperation,
  groupStopOperation,
  alertsOperation,
  alertsMuteOperation,
  alertsUnmuteOperation,
  auditOperation,
  auditExportOperation,
  helpOperation,
];

/**
 * Every permission key the configuration may grant: each operation's name, followed by the keys
 * of its parameters that need a permission of their own (`broadcast`, `broadcast.as`, …).
 */
export const PERMISSION_KEYS: readonly string[] = CATALOGUE.flatMap(permissionKeysOf);

/** Every operation's name: what `cooldowns:` in the configuration may name. */
export const OPERATION_NAMES: readonly string[] = CATALOGUE.map((operation) => operation.name);
