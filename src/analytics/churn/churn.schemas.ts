import { z } from 'zod';
import { ZCursorParam } from '../../platform/http/cursor.js';
import { ZCustomerClvPrediction } from '../clv/clv.schemas.js';

export const ZChurnLabelInput = z.object({
  attribute: z.string().trim().min(1).max(200).describe('A custom attribute holding the outcome, e.g. "Churn"'),
  positive: z.string().trim().min(1).max(200).describe('The value meaning "churned" as written in the imported file, e.g. "Yes" (matches true in a boolean attribute)'),
});

export const ZTrainChurnRequest = z
  .object({
    label: ZChurnLabelInput.optional().describe("Omit to train on the workspace's own lifecycle rule (churned stage or a cancellation)"),
  })
  .strict();
export type TTrainChurnRequest = z.infer<typeof ZTrainChurnRequest>;

const ZFeatureImportance = z.object({
  name: z.string(),
  importance: z.number().describe('Share of the summed absolute standardised coefficients (all features sum to 1)'),
  direction: z.enum(['raises', 'lowers', 'mixed']),
});

const ZCalibrationBin = z.object({ predicted: z.number(), observed: z.number(), n: z.number() });

export const ZChurnModel = z.object({
  id: z.uuid(),
  auc: z.number().describe('Area under the ROC curve on the held-out fifth of the labelled customers'),
  brier: z.number(),
  n: z.number().describe('Labelled customers trained and tested on'),
  positives: z.number(),
  heldOut: z.number(),
  label: z.union([ZChurnLabelInput, z.object({ lost: z.literal(true) })]),
  features: z.array(ZFeatureImportance),
  calibration: z.array(ZCalibrationBin),
  trainedAt: z.date(),
  trainedBy: z.string(),
  scoring: z.object({ total: z.number().nullable(), scored: z.number(), finishedAt: z.date().nullable() }),
});
export type TChurnModel = z.infer<typeof ZChurnModel>;

export const ZTrainChurnResponse = ZChurnModel.extend({ scoringJobId: z.string().nullable() });

export const ZChurnModelState = z.object({ model: ZChurnModel.nullable() });

const ZFactor = z.object({ factor: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]), effect: z.number() });

export const ZAtRiskQuery = z.object({
  minRisk: z.coerce.number().min(0).max(1).default(0.7),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: ZCursorParam.optional(),
});
export type TAtRiskQuery = z.infer<typeof ZAtRiskQuery>;

export const ZAtRiskList = z.object({
  minRisk: z.number(),
  data: z.array(
    z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      externalId: z.string().nullable(),
      lifecycleStage: z.string(),
      churnRisk: z.number(),
      churnFactors: z.array(ZFactor),
      scoredAt: z.date().nullable(),
      clv: ZCustomerClvPrediction.nullable().describe('Predicted value over 52 weeks (margin 1), null without a purchase or a fit'),
    }),
  ),
  nextCursor: z.string().nullable(),
});
