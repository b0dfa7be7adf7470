import QRCode from 'qrcode';
import type { AppContext } from '../../platform/context.js';
import { requireSurvey } from '../surveys.service.js';
import type { SurveyRow } from '../surveys.queries.js';
import { linkParams, surveyLinkUrl } from './share-link.js';
import type { TLinkQuery, TQrQuery, TSurveyLink } from './share.schemas.js';

function linkSurvey(s: SurveyRow) {
  return { slug: s.slug, touchpoint: s.touchpoint, languages: s.definition.languages, hiddenFields: s.definition.hiddenFields };
}

/** The short public link of a survey for a channel/touchpoint/source (another workspace's survey: 404). */
export async function getSurveyLink(ctx: AppContext, workspaceId: string, surveyId: string, q: TLinkQuery): Promise<TSurveyLink> {
  const s = await requireSurvey(ctx, workspaceId, surveyId);
  const params = linkParams(linkSurvey(s), q);
  return { surveyId: s.id, url: surveyLinkUrl(ctx.config.publicUrl, linkSurvey(s), params), status: s.status, params };
}

const slugOf = (url: string) => /\/s\/([^/?]+)/.exec(url)?.[1] ?? 'survey';

/**
 * The link as a QR code. A QR code defaults to channel "qr" (a code is scanned, not clicked), so
 * answers through it show up apart in the results unless the caller names another channel.
 */
export async function getSurveyQrCode(ctx: AppContext, workspaceId: string, surveyId: string, q: TQrQuery, format: 'svg' | 'png') {
  const { size, margin, level, download: _download, ...rest } = q;
  const link = await getSurveyLink(ctx, workspaceId, surveyId, { ...rest, channel: rest.channel ?? 'qr' });
  const options = { errorCorrectionLevel: level, margin, width: size, color: { dark: '#000000', light: '#ffffff' } };
  const body = format === 'svg' ? await QRCode.toString(link.url, { ...options, type: 'svg' }) : await QRCode.toBuffer(link.url, { ...options, type: 'png' });
  return { body, url: link.url, fileName: `survey-${slugOf(link.url)}-${link.params.channel}.${format}` };
}
