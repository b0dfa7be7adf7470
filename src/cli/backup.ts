import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import type { Command } from 'commander';
import { writeBackup } from '../platform/backup/write-backup.js';
import { restoreBackup } from '../platform/backup/restore-backup.js';
import { recordAudit } from '../audit/audit.service.js';
import { AppError } from '../platform/errors.js';
import { isUuid } from '../platform/ids.js';
import { withRuntime } from './runtime.js';
import { emit, table } from './output.js';
import { cliActor, JSON_HELP } from './options.js';
import { progressBar } from './progress.js';

const BACKUP_NOTES = `
What is in a backup:
  Every table of the database schema "public" — found in the database itself, so tables added by
  later versions are included — in primary-key order, each value in PostgreSQL's exact text form
  (timestamps to the microsecond, numeric, jsonb, bytea and arrays come back identical).
  With --workspace: that workspace, every row of its tables (those with a workspace_id) and the
  logins of its members.
  The job queue (schema "pgboss") is NOT included: jobs are transient and are re-created as needed.

Consistency: the backup reads one snapshot (REPEATABLE READ), so a server on PostgreSQL can keep
running. With the embedded database (PGlite) stop the server first; only one process can open it.

Format: gzip'd NDJSON — a header line (format, version, createdAt, migration, scope, tables with
row counts), per table a {"table":…} line and one JSON array per row, and a final end marker.

Examples:
  kunde backup                                  # ./kunde-backup-<time>.ndjson.gz
  kunde backup /backups/acme.ndjson.gz --workspace 0190… --json
  kunde backup - | ssh backup-host 'cat > kunde.ndjson.gz'`;

const RESTORE_NOTES = `
Restore runs in one transaction: either everything is restored or nothing is.
  • A whole-installation backup restores only into an empty installation (a new KUNDE_DATA_DIR, or an
    empty database in DATABASE_URL; Kunde creates the tables on start).
  • A one-workspace backup (kunde backup --workspace <id>) can join an installation that already has
    other workspaces with --workspace-only, as long as its workspace id does not exist there yet.
    Users that already exist (same e-mail) are reused: they keep their password. Browser sessions are
    not carried over in this mode; people sign in again.
The restored data is exactly the backed-up data; the restore itself is not added to the audit log
(so a backup of the restored installation equals the original). The job queue is not part of backups.`;

const timestamp = () => new Date().toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** stdout as a sink that a finished backup does not close. */
const stdoutSink = () =>
  new Writable({
    write(chunk: Buffer, _enc, done) {
      process.stdout.write(chunk, (err) => done(err ?? null));
    },
  });

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('Write the whole installation (or one workspace) to a single file (the job queue is not included)')
    .argument('[file]', 'file to write, or "-" for stdout (default: ./kunde-backup-<time>.ndjson.gz)')
    .option('--workspace <id>', "only this workspace: its tenant rows and its members' logins")
    .option('--force', 'overwrite the file if it exists')
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .option('--json', JSON_HELP)
    .addHelpText('after', BACKUP_NOTES)
    .action(async (file: string | undefined, opts: { workspace?: string; force?: boolean; progress: boolean; json?: boolean }) => {
      await withRuntime('backup', opts, async (rt) => {
        if (opts.workspace && !isUuid(opts.workspace)) throw new AppError('validation_failed', '--workspace must be a workspace id (a UUID).');
        const toStdout = file === '-';
        if (toStdout && (opts.json || process.stdout.isTTY)) {
          throw new AppError('bad_request', 'Writing the backup to stdout needs a pipe or a redirect, and cannot be combined with --json.');
        }
        const path = toStdout ? '-' : resolve(file ?? `kunde-backup-${timestamp()}.ndjson.gz`);
        if (!toStdout && existsSync(path) && !opts.force) throw new AppError('conflict', `${path} exists; pass --force to overwrite it.`);
        // Written under another name and renamed when complete, so a crash never leaves a file that looks whole.
        const partial = `${path}.partial`;
        const bar = progressBar(opts.progress, 'backup ');
        const startedAt = performance.now();
        let summary;
        try {
          summary = await writeBackup(rt.ctx.db, toStdout ? stdoutSink() : createWriteStream(partial), { workspaceId: opts.workspace, progress: bar });
        } catch (err) {
          if (!toStdout) rmSync(partial, { force: true });
          throw err;
        } finally {
          bar.stop();
        }
        if (!toStdout) renameSync(partial, path);
        const seconds = (performance.now() - startedAt) / 1000;
        const bytes = toStdout ? null : statSync(path).size;
        await rt.ctx.db.transaction(async (tx) => {
          for (const workspaceId of summary.workspaceIds) {
            await recordAudit(tx, cliActor(workspaceId), {
              action: 'backup.created',
              targetType: 'workspace',
              targetId: workspaceId,
              details: { scope: summary.header.scope, file: path, rows: summary.rows },
            });
          }
        });
        const tables = summary.header.tables.map((t) => ({ name: t.name, rows: t.rows }));
        const result = { file: path, scope: summary.header.scope, workspaceId: summary.header.workspaceId, migration: summary.header.migration, rows: summary.rows, bytes, seconds, tables };
        const human = () =>
          `Backup of ${summary.header.scope === 'workspace' ? `workspace ${summary.header.workspaceId}` : 'the installation'} written to ${toStdout ? 'stdout' : path}` +
          ` (${summary.rows} rows${bytes === null ? '' : `, ${size(bytes)}`}, ${seconds.toFixed(1)} s).\n` +
          table(tables.filter((t) => t.rows > 0), ['name', 'rows']);
        if (toStdout) process.stderr.write(human() + '\n');
        else emit(opts, result, human);
      });
    });

  program
    .command('restore')
    .description('Restore a backup file into an empty installation, or one workspace with --workspace-only')
    .argument('<file>', 'backup file written by "kunde backup", or "-" for stdin')
    .option('--workspace-only', 'add the one workspace of a --workspace backup to an installation with other workspaces')
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .option('--json', JSON_HELP)
    .addHelpText('after', RESTORE_NOTES)
    .action(async (file: string, opts: { workspaceOnly?: boolean; progress: boolean; json?: boolean }) => {
      await withRuntime('restore', opts, async (rt) => {
        const path = file === '-' ? '-' : resolve(file);
        if (path !== '-' && !existsSync(path)) throw new AppError('not_found', `No such file: ${path}`);
        const input: Readable = path === '-' ? process.stdin : createReadStream(path);
        const bar = progressBar(opts.progress, 'restore');
        const startedAt = performance.now();
        let summary;
        try {
          summary = await restoreBackup(rt.ctx.db, input, { workspaceOnly: opts.workspaceOnly, progress: bar });
        } finally {
          bar.stop();
        }
        const seconds = (performance.now() - startedAt) / 1000;
        const { header } = summary;
        const result = {
          file: path,
          scope: header.scope,
          createdAt: header.createdAt,
          migration: header.migration,
          workspaceIds: summary.workspaceIds,
          rows: summary.rows,
          reusedUsers: summary.reusedUsers,
          seconds,
          tables: summary.tables,
        };
        emit(opts, result, () =>
          [
            `Restored ${summary.rows} rows from ${path} (backup of ${header.createdAt}, ${header.scope}) in ${seconds.toFixed(1)} s.`,
            `Workspaces: ${summary.workspaceIds.join(', ') || '(none)'}${summary.reusedUsers ? `; existing users reused: ${summary.reusedUsers}` : ''}`,
            table(summary.tables.filter((t) => t.rows > 0), ['name', 'rows']),
          ].join('\n'),
        );
      });
    });
}
