import type { z } from 'zod';
import {
  choiceValue,
  colorValue,
  EMOTICON_CHOICES,
  flagValue,
  integerValue,
  openingHoursValue,
  requiredTextValue,
  textValue,
} from './input-values.ts';

/**
 * One parameter of an operation: how it is typed in (its input kind, which the Discord
 * definitions and the usage lines are derived from), where it goes on a text line, and the
 * zod schema that validates and converts it.
 */

export type InputKind =
  | { type: 'text'; maxLength: number }
  | { type: 'integer'; min: number; max: number }
  | { type: 'flag' }
  | { type: 'choice'; choices: readonly string[] }
  | { type: 'color' }
  | { type: 'hours' }
  /** A room named by id or by name, resolved against the room directory before the handler runs. */
  | { type: 'room' };

/**
 * positional: a word in order (`who <room>`); rest: everything left on the line, verbatim
 * (`broadcast <message…>`); option: `key=value` anywhere before the rest.
 */
export type Placement = 'positional' | 'rest' | 'option';

export interface Param<S extends z.ZodType = z.ZodType, Required extends boolean = boolean> {
  input: InputKind;
  schema: S;
  placement: Placement;
  required: Required;
  /** One line, at most 100 characters (Discord's limit for option descriptions). */
  description: string;
  /** What the usage line shows for the value, e.g. `<room>`, `0xRRGGBB`. */
  placeholder: string;
  /**
   * Giving this parameter needs a permission of its own, `<operation>.<parameter>` (e.g.
   * `broadcast.as`), besides the operation's: for a value that lends authority, such as the
   * name a message is sent under. See param-permissions.ts.
   */
  ownPermission?: true;
  /**
   * A positional that may be typed as several words without quotes (a room's name): it takes
   * the words the other positions leave. Room parameters always do.
   */
  spansWords?: true;
}

export type ParamMap = Readonly<Record<string, Param>>;

interface Kind<S extends z.ZodType> {
  input: InputKind;
  schema: S;
  placeholder: string;
}

export const kinds = {
  text: (maxLength: number, placeholder = 'text') => ({
    input: { type: 'text', maxLength },
    schema: textValue(maxLength),
    placeholder,
  }),
  requiredText: (maxLength: number, placeholder = 'text') => ({
    input: { type: 'text', maxLength },
    schema: requiredTextValue(maxLength),
    placeholder,
  }),
  integer: (min: number, max: number, placeholder = 'number') => ({
    input: { type: 'integer', min, max },
    schema: integerValue(min, max),
    placeholder,
  }),
  flag: () => ({ input: { type: 'flag' }, schema: flagValue, placeholder: 'on|off' }),
  choice: <const T extends readonly [string, ...string[]]>(choices: T) => ({
    input: { type: 'choice', choices },
    schema: choiceValue(choices),
    placeholder: choices.join('|'),
  }),
  color: () => ({ input: { type: 'color' }, schema: colorValue, placeholder: '0xRRGGBB' }),
  emoticon: () => ({
    input: { type: 'choice', choices: EMOTICON_CHOICES },
    schema: choiceValue(EMOTICON_CHOICES),
    placeholder: 'e1..e32',
  }),
  hours: () => ({ input: { type: 'hours' }, schema: openingHoursValue, placeholder: '"day2 00:00-10:00"' }),
  room: () => ({
    input: { type: 'room' },
    // Branded so that handlers receive the resolved room (see OperationParams), not the text typed.
    schema: requiredTextValue(200).brand<'RoomReference'>(),
    placeholder: 'room',
  }),
} satisfies Record<string, (...args: never[]) => Kind<z.ZodType>>;

export function positional<S extends z.ZodType>(kind: Kind<S>, description: string): Param<S, true> {
  return { ...kind, placement: 'positional', required: true, description };
}

export function optionalPositional<S extends z.ZodType>(kind: Kind<S>, description: string): Param<S, false> {
  return { ...kind, placement: 'positional', required: false, description };
}

export function rest<S extends z.ZodType>(kind: Kind<S>, description: string): Param<S, true> {
  return { ...kind, placement: 'rest', required: true, description };
}

export function optionalRest<S extends z.ZodType>(kind: Kind<S>, description: string): Param<S, false> {
  return { ...kind, placement: 'rest', required: false, description };
}

export function option<S extends z.ZodType>(kind: Kind<S>, description: string): Param<S, false> {
  return { ...kind, placement: 'option', required: false, description };
}

/** The same parameter, needing its own permission to be given (see `Param.ownPermission`). */
export function withOwnPermission<S extends z.ZodType>(param: Param<S, false>): Param<S, false> {
  return { ...param, ownPermission: true };
}
