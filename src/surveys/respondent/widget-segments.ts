import type { AppContext } from '../../platform/context.js';
import { getCustomer } from '../../customers/customers.service.js';
import { identifiersOf } from '../../customers/identity.js';
import { readIdentities } from '../../customers/identity.queries.js';
import { findSurveyPublic } from '../surveys.queries.js';

/**
 * Whether the visitor the widget identified belongs to the segment a website survey targets. Unknown
 * visitors, unknown surveys and other workspaces' surveys are all just "not eligible", so the answer
 * says nothing about which profiles exist.
 */
export async function isInSegment(ctx: AppContext, workspaceId: string, surveyId: string, who: { email?: string; externalId?: string }): Promise<boolean> {
  const survey = await findSurveyPublic(ctx.db, surveyId);
  if (!survey || survey.workspaceId !== workspaceId || survey.status !== 'published') return false;
  const segmentId = survey.definition.settings.widget.targeting.segmentId;
  if (!segmentId) return true;
  const found = await readIdentities(ctx.db, workspaceId, identifiersOf({ email: who.email?.toLowerCase(), externalId: who.externalId }), new Map());
  const customerId = [...found.values()][0];
  if (!customerId) return false;
  const profile = await getCustomer(ctx.db, workspaceId, customerId);
  return profile.segments.some((s) => s.id === segmentId);
}
