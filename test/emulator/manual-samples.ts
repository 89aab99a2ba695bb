/**
 * The seven sample commands of the vendor's Server API manual, byte for byte as printed
 * (server-api-manual.txt; the page uses LF line ends). Each is sent with a zero byte appended.
 */

export const ADD_ROOM_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="add_room" name="test room" owner="aaa" desc="room for test" max="200" speaker="bbb" member="false" pwd="" passallmessage="true" >
<roomOpen>
<Time o="day2" e="10:00:00" s="00:00:00"></Time>
</roomOpen>
</Command>`;

/** The same command as the manual's PHP sample writes it: one line, self-closing, no schedule. */
export const ADD_ROOM_PHP_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="add_room" name="test room" owner="aaa" desc="room for test" max="200" speaker="bbb" member="false" pwd="" passallmessage="true" />';

export const DEL_ROOM_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="del_room" room_id="1" />';

export const EDIT_ROOM_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="edit_room" roomid="3412" name="new name" owner="new_owner" desc="new_desc" max="300" speaker="new_speaker" member="true" pwd="new_pwd" passallmessage="false" />';

export const BROADCAST_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="broadcast" userid="test" msg="welcome to 123flashcaht" />';

export const PRIVATE_MESSAGE_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="private_message" dest_uid="test" msg="hello world" emotion="e2" owner_uid="admin" owner_nick="admin" b="1" i="1" u="1" color="0xff00ff" />';

export const START_GROUP_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="start_group"/>';

export const STOP_GROUP_SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><Command group="default" api_pwd="3874-3459-9999-2199" type="stop_group"/>';
