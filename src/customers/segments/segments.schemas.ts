import { z } from 'zod';
import { ZCursorParam } from '../../platform/http/cursor.js';
import { ZRuleDocument } from './rules.js';

export const ZSegmentIdParams = z.object({ id: z.uuid() });

export const ZPageQuery = z.object({
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ZNewSegment = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  rules: ZRuleDocument,
});
export type TNewSegment = z.infer<typeof ZNewSegment>;

export const ZSegmentPatch = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000),
    rules: ZRuleDocument,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one of name, description, rules');
export type TSegmentPatch = z.infer<typeof ZSegmentPatch>;

export const ZSegment = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  rules: z.record(z.string(), z.unknown()),
  memberCount: z.number().int(),
  lastComputedAt: z.date().nullable(),
  /** True while a queued recompute has not yet produced the membership of the current rule. */
  computing: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TSegment = z.infer<typeof ZSegment>;

export const ZSegmentList = z.object({ data: z.array(ZSegment), nextCursor: z.string().nullable() });

export const ZPreviewRequest = z.object({ rules: ZRuleDocument });
export const ZCustomerSample = z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable() });
export const ZPreview = z.object({ count: z.number().int(), total: z.number().int(), sample: z.array(ZCustomerSample) });

export const ZSegmentMember = z.object({
  id: z.uuid(),
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  country: z.string().nullable(),
  lifecycleStage: z.string(),
  enteredAt: z.date(),
});
export const ZSegmentMembers = z.object({ data: z.array(ZSegmentMember), nextCursor: z.string().nullable() });

export const ZHistoryQuery = z.object({ days: z.coerce.number().int().min(1).max(3650).default(365) });
export const ZSegmentHistory = z.object({
  data: z.array(z.object({ at: z.date(), size: z.number().int(), entered: z.number().int(), left: z.number().int() })),
});

export const ZRecomputeAccepted = z.object({
  /** Null when a recompute of this segment is already waiting to run (it will include this request). */
  jobId: z.string().nullable(),
});
