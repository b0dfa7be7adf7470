import { z } from 'zod';
import { cursorValue, ZCursorParam } from '../http/cursor.js';

/** pg-boss's job states, in its own order. */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type TJobState = (typeof JOB_STATES)[number];
export const ZJobState = z.enum(JOB_STATES);

export const ZJobsQuery = z.object({
  state: ZJobState.optional(),
  queue: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: ZCursorParam.optional(),
});
export type TJobsQuery = z.infer<typeof ZJobsQuery>;

/** The jobs list's cursor: creation time in microseconds (exact, as digits) and id of the page's last job. */
export const JOBS_CURSOR = 'jobs';
export const ZJobsCursor = z.tuple([z.string().regex(/^\d{1,18}$/), cursorValue.id]);
export type TJobsAfter = z.infer<typeof ZJobsCursor>;

export const ZJob = z.object({
  id: z.uuid(),
  queue: z.string(),
  state: ZJobState,
  retryCount: z.number().int(),
  retryLimit: z.number().int(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  startAfter: z.date(),
  /** The last failure's message, for jobs waiting to retry or failed for good. */
  error: z.string().nullable(),
});
export type TJob = z.infer<typeof ZJob>;

export const ZJobCounts = z.object(Object.fromEntries(JOB_STATES.map((s) => [s, z.number().int()])) as Record<TJobState, z.ZodNumber>);
export type TJobCounts = z.infer<typeof ZJobCounts>;

export const ZJobList = z.object({ data: z.array(ZJob), counts: ZJobCounts, nextCursor: z.string().nullable() });

export const ZJobRetried = z.object({ id: z.uuid(), queue: z.string(), state: z.literal('retry') });
