import { inject } from 'vitest';
import { repositoryContract } from '../testing/repository-contract.ts';
import { openPostgresRepository } from './postgres.ts';

// Same contract as PGlite, on the real PostgreSQL started by tests/support/postgres-global-setup.ts.
repositoryContract('PostgreSQL 15', () => openPostgresRepository(inject('databaseUrl')));
