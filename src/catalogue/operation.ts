import type { z } from 'zod';
import type { Identity } from '../permissions/identity.ts';
import type { Reply } from '../replies/reply.ts';
import type { ParamMap } from './param.ts';
import type { CoreServices } from './services.ts';

/** A room reference after the room directory resolved it: the id, and the name when one is known. */
export interface ResolvedRoom {
  id: number;
  name?: string;
}

type RoomReference = z.core.$brand<'RoomReference'>;

/** The values a handler receives: each parameter's schema output, rooms resolved. */
export type OperationParams<P extends ParamMap> = {
  [K in keyof P]: P[K]['required'] extends true
    ? Resolved<z.output<P[K]['schema']>>
    : Resolved<z.output<P[K]['schema']>> | undefined;
};

type Resolved<T> = T extends RoomReference ? ResolvedRoom : T;

/**
 * One operation, declared once. Everything else is derived from this declaration: the text
 * grammar and usage lines, help, the Discord command definitions, validation, and the
 * permission check (the permission key is the operation's name).
 */
export interface Operation<P extends ParamMap = ParamMap> {
  /** The permission key and the operation's id, e.g. `room.add`. */
  name: string;
  /** What is typed after `/chat`, e.g. `['room', 'add']`. */
  words: readonly string[];
  /** One line, at most 100 characters (Discord's limit). */
  summary: string;
  params: P;
  examples: readonly string[];
  /** Destructive operations wait for the caller's confirmation. */
  destructive: boolean;
  /** Operations that change the chat are announced in the channel (unless configured otherwise). */
  changesChat: boolean;
  /** A sentence for the confirmation question, for destructive operations. */
  confirmQuestion?(params: OperationParams<P>, context: OperationContext): string;
  /**
   * For an operation that is not destructive but may need the caller's second thought in some
   * cases (adding a room whose name another room has): the question to ask, or undefined to run.
   */
  confirmIf?(params: OperationParams<P>, context: OperationContext): Promise<string | undefined>;
  /** A rule across parameters (e.g. "at least one option"); returns what is wrong, or undefined. */
  check?(params: OperationParams<P>): string | undefined;
  run(params: OperationParams<P>, context: OperationContext): Promise<Reply>;
}

export interface OperationContext {
  identity: Identity;
  services: CoreServices;
}

/** Keeps the parameter types of one declaration while the catalogue holds them all. */
export function defineOperation<P extends ParamMap>(operation: Operation<P>): Operation<P> {
  return operation;
}

export function operationLabel(operation: Pick<Operation, 'words'>): string {
  return operation.words.join(' ');
}
