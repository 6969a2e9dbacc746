import type { Pool } from 'pg';
import { ensureVersionedSchema } from '../../postgres/versioned-schema.js';

/** The governance schema version this build writes; kept in `switchyard_meta` (as the log store keeps its own). */
export const postgresGovernanceSchemaVersion = 1;

const versionKey = 'governance_schema_version';

const createTable = `CREATE TABLE IF NOT EXISTS governance_entities (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  body JSONB NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (kind, id)
)`;

/**
 * Creates `governance_entities` and `switchyard_meta` when missing, in one transaction under an
 * advisory lock (two gateways starting together do not race). Rejects when the database holds a
 * newer governance schema than this build knows.
 */
export async function ensurePostgresGovernanceSchema(pool: Pool): Promise<void> {
  await ensureVersionedSchema(pool, { lockName: 'switchyard_governance_schema', versionKey, version: postgresGovernanceSchemaVersion, what: 'the governance tables' }, async (client) => {
    await client.query(createTable);
  });
}
