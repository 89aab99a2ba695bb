/** Why the chat model refused an operation. Some reasons are also Server API reply codes. */
export type ChatStateRefusal =
  | 'unknown_group'
  | 'group_stopped'
  | 'room_not_found'
  | 'room_id_taken'
  | 'room_full'
  | 'user_not_online'
  | 'user_name_taken'
  | 'bad_user_name'
  | 'not_in_room'
  | 'connection_not_found'
  | 'already_logged_in';

export class ChatStateError extends Error {
  override name = 'ChatStateError';

  constructor(
    readonly reason: ChatStateRefusal,
    message: string,
  ) {
    super(message);
  }
}
