import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './202612041600-initial.ts';
import * as personLocations from './202612041700-person-locations.ts';
import * as credentials from './202612041800-credentials.ts';
import * as signIn from './202612041900-sign-in.ts';
import * as imports from './202612042000-imports.ts';
import * as jobs from './202612042100-jobs.ts';

/** Append-only: one entry per migration file, named YYYYMMDDHHMM-what. */
const migrations: Record<string, Migration> = {
  '202612041600-initial': initial,
  '202612041700-person-locations': personLocations,
  '202612041800-credentials': credentials,
  '202612041900-sign-in': signIn,
  '202612042000-imports': imports,
  '202612042100-jobs': jobs,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
