export interface SyntheticRowOptions {
  count: number;
  scanId: number;
  deviceId: string;
  deviceName: string;
  now?: Date;
  enterSrlEvery?: number;
}

/** The part of a better-sqlite3 Database that the insert uses. */
export interface SyntheticRowDatabase {
  prepare(sql: string): { run(parameters: Record<string, unknown>): { changes: number } };
}

export function insertSyntheticRows(db: SyntheticRowDatabase, options: SyntheticRowOptions): number;
