/** The chat server's HTTP Data API (port 35555): rooms, online users and totals, as typed results. */

export { createDataApiClient, type DataApiClient, type DataApiClientOptions } from './client.ts';
export type { OnlineTotals, OnlineUser, Room, RoomCount } from './document-schemas.ts';
export type { DataApiFailure, DataApiResult } from './failures.ts';
