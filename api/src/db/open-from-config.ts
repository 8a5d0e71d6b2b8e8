import type { Config } from '../config.ts';
import { openDatabase, type Database } from './database.ts';

export function openDatabaseFromConfig(config: Config): Promise<Database> {
  return openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolMax: config.database.poolMax });
}
