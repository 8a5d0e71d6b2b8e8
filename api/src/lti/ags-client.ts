import { z } from 'zod';
import { PlatformServiceError } from './platform-service-error.ts';
import type { PlatformTokens, TokenPlatform } from './platform-token.ts';

export const AGS_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

const MEDIA = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItems: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  results: 'application/vnd.ims.lis.v2.resultcontainer+json',
};

/** The launch's AGS claim (`…/lti-ags/claim/endpoint`): what the platform lets the tool do for this link. */
export const AgsEndpoint = z.object({
  scope: z.array(z.string()).default([]),
  lineitems: z.url({ protocol: /^https?$/ }).optional(),
  lineitem: z.url({ protocol: /^https?$/ }).optional(),
});
export type AgsEndpoint = z.infer<typeof AgsEndpoint>;

export const LineItem = z.object({
  id: z.url({ protocol: /^https?$/ }),
  scoreMaximum: z.number().positive(),
  label: z.string(),
  resourceId: z.string().optional(),
  resourceLinkId: z.string().optional(),
  tag: z.string().optional(),
});
export type LineItem = z.infer<typeof LineItem>;
/** A line item the tool may only name (the platform granted `score` but no line item scope): its maximum is unknown. */
export type LineItemRef = Pick<LineItem, 'id'> & Partial<Omit<LineItem, 'id'>>;

export interface Score {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  /** ISO 8601 with milliseconds: the platform keeps the latest and may refuse an older one. */
  timestamp: string;
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
}

const Result = z.object({
  id: z.string().optional(),
  userId: z.string(),
  resultScore: z.number().optional(),
  resultMaximum: z.number().optional(),
  comment: z.string().optional(),
});
export type Result = z.infer<typeof Result>;

/** The line item a resource link should have, when the tool has to make it. */
export interface WantedLineItem {
  resourceLinkId: string;
  resourceId: string;
  label: string;
  scoreMaximum: number;
}

async function parsed<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const result = schema.safeParse(await res.json().catch(() => undefined));
  if (!result.success) throw new PlatformServiceError(`${what}: the platform’s answer is not what AGS specifies.`, res.status, false);
  return result.data;
}

/** `…/lineitem/7?x=1` → `…/lineitem/7/scores?x=1`: AGS appends to the path, keeping the query. */
function subResource(lineItemUrl: string, name: 'scores' | 'results'): URL {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/${name}`;
  return url;
}

/**
 * 1EdTech Assignment and Grade Services 2.0: line items, scores and results, with tokens from
 * PlatformTokens. Throws PlatformServiceError; retrying is the job queue's business.
 */
export class AgsClient {
  constructor(private readonly tokens: PlatformTokens) {}

  /**
   * The link's line item: the one the launch names (declared by our Deep Linking answer's
   * `lineItem`, or made by the platform), else the one already made for the link, else a new
   * one when the platform lets the tool manage line items. Undefined when it does neither.
   */
  async ensureLineItem(platform: TokenPlatform, endpoint: AgsEndpoint, wanted: WantedLineItem): Promise<LineItemRef | undefined> {
    if (endpoint.lineitem) return this.lineItem(platform, endpoint, endpoint.lineitem);
    if (!endpoint.lineitems || !endpoint.scope.includes(AGS_SCOPES.lineItem)) return undefined;
    const found = await this.findLineItems(platform, endpoint, { resource_link_id: wanted.resourceLinkId, resource_id: wanted.resourceId });
    return found[0] ?? this.createLineItem(platform, endpoint, wanted);
  }

  async lineItem(platform: TokenPlatform, endpoint: AgsEndpoint, url: string): Promise<LineItemRef> {
    if (![AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadonly].some((s) => endpoint.scope.includes(s))) return { id: url };
    const scopes = this.granted(endpoint, [AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadonly]);
    const res = await this.tokens.call(platform, scopes, url, { headers: { accept: MEDIA.lineItem } }, 'Line item');
    return parsed(res, LineItem, 'Line item');
  }

  async findLineItems(platform: TokenPlatform, endpoint: AgsEndpoint, filter: { resource_link_id?: string; resource_id?: string; tag?: string }): Promise<LineItem[]> {
    const url = new URL(this.container(endpoint));
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) url.searchParams.set(k, v);
    const scopes = this.granted(endpoint, [AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadonly]);
    const res = await this.tokens.call(platform, scopes, url.toString(), { headers: { accept: MEDIA.lineItems } }, 'Line items');
    return parsed(res, z.array(LineItem), 'Line items');
  }

  async createLineItem(platform: TokenPlatform, endpoint: AgsEndpoint, wanted: WantedLineItem): Promise<LineItem> {
    const res = await this.tokens.call(
      platform,
      this.granted(endpoint, [AGS_SCOPES.lineItem]),
      this.container(endpoint),
      { method: 'POST', headers: { 'content-type': MEDIA.lineItem, accept: MEDIA.lineItem }, body: JSON.stringify(wanted) },
      'New line item',
    );
    return parsed(res, LineItem, 'New line item');
  }

  async postScore(platform: TokenPlatform, endpoint: AgsEndpoint, lineItemUrl: string, score: Score): Promise<void> {
    const res = await this.tokens.call(
      platform,
      this.granted(endpoint, [AGS_SCOPES.score]),
      subResource(lineItemUrl, 'scores').toString(),
      { method: 'POST', headers: { 'content-type': MEDIA.score }, body: JSON.stringify(score) },
      'Score',
    );
    await res.body?.cancel();
  }

  async results(platform: TokenPlatform, endpoint: AgsEndpoint, lineItemUrl: string, userId?: string): Promise<Result[]> {
    const url = subResource(lineItemUrl, 'results');
    if (userId !== undefined) url.searchParams.set('user_id', userId);
    const res = await this.tokens.call(platform, this.granted(endpoint, [AGS_SCOPES.resultReadonly]), url.toString(), { headers: { accept: MEDIA.results } }, 'Results');
    return parsed(res, z.array(Result), 'Results');
  }

  private container(endpoint: AgsEndpoint): string {
    if (!endpoint.lineitems) throw new PlatformServiceError('The launch named no line items service.', undefined, false);
    return endpoint.lineitems;
  }

  /**
   * One token for all the AGS scopes the launch's claim grants (fewer token requests than one per
   * call); refuses when it grants none of `needed`.
   */
  private granted(endpoint: AgsEndpoint, needed: string[]): string[] {
    if (!needed.some((s) => endpoint.scope.includes(s))) throw new PlatformServiceError(`The platform did not grant the scope ${needed[0]} for this link.`, undefined, false);
    return Object.values(AGS_SCOPES).filter((s) => endpoint.scope.includes(s));
  }
}
