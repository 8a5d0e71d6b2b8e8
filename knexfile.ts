import { loadConfig } from './api/src/config.ts';
import { knexConfig } from './api/src/db/database.ts';

// For tools that expect a knexfile. The app itself opens the database through api/src/db/database.ts,
// which adds the embedded engine's data-folder lock.
const config = loadConfig();
export default knexConfig({ url: config.database.url, dataDir: config.database.dataDir, poolMax: config.database.poolMax });
