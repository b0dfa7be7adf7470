import { z } from 'zod';

/** What a shared link stands for; the hosted page reads the same names from its URL. */
const linkFields = {
  channel: z.string().trim().regex(/^[a-z0-9_-]{1,50}$/, 'lower-case letters, digits, _ and -').optional().describe('Where the link is used: link (the default), qr, sms, in_app…'),
  touchpoint: z.string().trim().min(1).max(100).optional().describe("Overrides the survey's touchpoint for answers through this link (e.g. in-store)"),
  source: z.string().trim().min(1).max(100).optional().describe('Where the link or code is placed (poster, receipt, campaign); kept with each response'),
  lang: z.string().trim().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/).optional().describe('Open the survey in this language'),
};

/**
 * GET /surveys/{id}/link. Hidden fields ride along as `hidden.<name>=value` (declared ones only), e.g.
 * `hidden.store=copenhagen`; other unknown parameters are ignored.
 */
export const ZLinkQuery = z.object(linkFields).catchall(z.string().max(500));
export type TLinkQuery = z.infer<typeof ZLinkQuery>;

export const ZQrQuery = z
  .object({
    ...linkFields,
    size: z.coerce.number().int().min(64).max(2048).default(512).describe('Width and height in pixels (PNG; the SVG scales)'),
    margin: z.coerce.number().int().min(0).max(16).default(4).describe('Quiet zone in modules (4 is what the QR standard asks for)'),
    download: z.enum(['0', '1']).optional().describe('1: sent as an attachment (Content-Disposition) to save'),
    level: z.enum(['L', 'M', 'Q', 'H']).default('M').describe('Error correction: M survives ~15 % damage; H ~30 % (for a logo over it or a worn poster)'),
  })
  .catchall(z.string().max(500));
export type TQrQuery = z.infer<typeof ZQrQuery>;

export const ZSurveyLink = z.object({
  surveyId: z.uuid(),
  url: z.string().describe('The short public link: /s/<slug> with only the parameters that differ from the survey'),
  status: z.enum(['draft', 'published', 'closed']).describe('Links answer only while the survey is published'),
  params: z.object({ channel: z.string(), touchpoint: z.string(), source: z.string().nullable(), lang: z.string().nullable(), hidden: z.record(z.string(), z.string()) }),
});
export type TSurveyLink = z.infer<typeof ZSurveyLink>;
