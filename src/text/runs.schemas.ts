import { z } from 'zod';

export const ZRun = z.object({
  id: z.string(),
  kind: z.enum(['backfill', 'retag']),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  processed: z.number().int().describe('texts analysed (backfill) or re-tagged (retag) so far'),
  counts: z.record(z.string(), z.number()).describe('per part, e.g. {"survey_response": 120, "customer_event": 4}'),
  error: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TRun = z.infer<typeof ZRun>;
export const ZRunParams = z.object({ id: z.uuid() });
export const ZRunList = z.object({ data: z.array(ZRun) });
