import Fastify from 'fastify';
import { loadConfig } from '../../src/platform/config.js';
import { startServer } from '../../src/platform/runtime.js';
import { createLogger } from '../../src/platform/log.js';
import { newId, randomToken } from '../../src/platform/ids.js';
import { systemActor } from '../../src/platform/context.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { createWorkspaceWithOwner } from '../../src/accounts/workspaces.service.js';
import { createSurvey, publishSurvey } from '../../src/surveys/surveys.service.js';
import { NPS_SURVEY } from '../../src/surveys/test-kit.js';
import { createScratchDatabase } from './scratch-database.js';

/*
 * Servers for bench/survey-responses.bench.ts, each in its own process:
 * `node --import tsx bench/lib/survey-target.ts baseline|kunde`. Prints {url, path} when it listens.
 * baseline: bare Fastify parsing the JSON body and running one INSERT of it (same engine, pool size).
 */

async function baseline() {
  const scratch = await createScratchDatabase();
  const database = await openDatabase(scratch.databaseUrl ? { databaseUrl: scratch.databaseUrl, poolSize: 10 } : { dataDir: scratch.dataDir! });
  await database.raw.exec('create table bench_responses (id uuid primary key, survey_id uuid not null, answers jsonb not null, created_at timestamptz not null default now())');
  const surveyId = newId();
  const app = Fastify({ logger: false });
  app.post('/responses', async (req, reply) => {
    const body = req.body as { answers: unknown };
    const id = newId();
    await database.raw.query('insert into bench_responses (id, survey_id, answers) values ($1, $2, $3)', [id, surveyId, JSON.stringify(body.answers)]);
    return reply.code(201).send({ id });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { target: { url, path: '/responses' }, close: async () => { await app.close(); await database.close(); await scratch.drop(); } };
}

async function kunde() {
  const scratch = await createScratchDatabase();
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', KUNDE_DATA_DIR: scratch.dataDir ?? '/nonexistent', DATABASE_URL: scratch.databaseUrl,
    KUNDE_DEMO: 'false', RATE_LIMIT_API_PER_MINUTE: '100000000', RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000',
  });
  const server = await startServer(config, { logger: createLogger('silent') });
  const { workspaceId } = await createWorkspaceWithOwner(server.ctx.db, { workspaceName: 'Bench', email: `bench-${randomToken(6).toLowerCase()}@example.com`, password: `pw-${randomToken(16)}` });
  const actor = systemActor(workspaceId);
  const survey = await createSurvey(server.ctx, actor, NPS_SURVEY);
  await publishSurvey(server.ctx, actor, survey.id);
  return { target: { url: server.url, path: `/api/v1/public/surveys/${survey.slug}/responses` }, close: async () => { await server.close(); await scratch.drop(); } };
}

const kind = process.argv[2];
const started = kind === 'baseline' ? await baseline() : kind === 'kunde' ? await kunde() : undefined;
if (!started) throw new Error(`unknown target "${kind}"; use baseline or kunde`);
process.stdout.write(`${JSON.stringify(started.target)}\n`);
process.once('SIGTERM', () => {
  started.close().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
});
