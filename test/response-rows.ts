import type { Db } from '../src/platform/db/client.js';
import { newId } from '../src/platform/ids.js';
import { surveyResponses } from '../src/surveys/surveys.tables.js';

/**
 * Survey responses written straight into the table with exactly the touchpoint, channel, language,
 * customer and time a test needs — for testing what reads them (analytics) at volume, without the
 * respondent path. Survey columns not given default to the pinned NPS survey's.
 */
export interface ResponseFixture {
  answers: Record<string, number | string>;
  createdAt: Date;
  touchpoint?: string;
  channel?: string;
  team?: string | null;
  language?: string;
  status?: 'finished' | 'partial';
  customerId?: string | null;
  invitationId?: string | null;
  /** When the row was last written; createdAt unless given (a rollup finds rows written after its watermark by it). */
  updatedAt?: Date;
}

export async function insertResponses(db: Db, workspaceId: string, surveyId: string, rows: ResponseFixture[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insert(surveyResponses).values(
      rows.slice(i, i + 2000).map((r) => ({
        workspaceId,
        id: newId(),
        surveyId,
        surveyVersion: 1,
        status: r.status ?? 'finished',
        answers: r.answers,
        language: r.language ?? 'en',
        touchpoint: r.touchpoint ?? 'post-purchase',
        channel: r.channel ?? 'email',
        team: r.team ?? null,
        customerId: r.customerId ?? null,
        invitationId: r.invitationId ?? null,
        secretHash: 'fixture',
        syncedAt: r.createdAt,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt ?? r.createdAt,
        finishedAt: r.status === 'partial' ? null : r.createdAt,
      })),
    );
  }
}
