import LinkHeader from 'http-link-header';
import { z } from 'zod';
import { PlatformServiceError } from './platform-service-error.ts';
import type { PlatformTokens, TokenPlatform } from './platform-token.ts';

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** The launch's NRPS claim (`…/lti-nrps/claim/namesroleservice`). */
export const NrpsClaim = z.object({
  context_memberships_url: z.url({ protocol: /^https?$/ }),
  service_versions: z.array(z.string()).default(['2.0']),
});
export type NrpsClaim = z.infer<typeof NrpsClaim>;

export const RosterMember = z.object({
  user_id: z.string().min(1).max(255),
  // Absent means Active (NRPS 2.0 §2.2).
  status: z.enum(['Active', 'Inactive', 'Deleted']).default('Active'),
  roles: z.array(z.string()).default([]),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  // Shared only when the platform's privacy settings allow; a malformed one is dropped, not the member.
  email: z.email().max(254).optional().catch(undefined),
});
export type RosterMember = z.infer<typeof RosterMember>;

const Page = z.object({ members: z.array(z.unknown()) });

export interface Membership {
  members: RosterMember[];
  /** Where the platform offers the changes since this read (rel="differences"), if it does. */
  differences: string | undefined;
  pages: number;
}

/**
 * 1EdTech Names and Role Provisioning Services 2.0: reads a context's whole membership, following
 * the `rel="next"` links of the Link header (parsed by http-link-header) page by page. A member the
 * platform sends malformed is skipped rather than failing the roster.
 */
export class NrpsClient {
  constructor(
    private readonly tokens: PlatformTokens,
    private readonly options: { maxPages?: number } = {},
  ) {}

  async members(platform: TokenPlatform, url: string): Promise<Membership> {
    const maxPages = this.options.maxPages ?? 500;
    const seen = new Set<string>();
    const members: RosterMember[] = [];
    let differences: string | undefined;
    let next: string | undefined = url;
    let pages = 0;
    while (next) {
      // A platform whose next link loops, or that pages for ever, still ends.
      if (seen.has(next) || pages >= maxPages) throw new PlatformServiceError('Membership: the platform’s pages do not end.', undefined, false);
      seen.add(next);
      const res = await this.tokens.call(platform, [NRPS_SCOPE], next, { headers: { accept: MEDIA } }, 'Membership');
      pages += 1;
      const page = Page.safeParse(await res.json().catch(() => undefined));
      if (!page.success) throw new PlatformServiceError('Membership: the platform’s answer is not an NRPS membership container.', res.status, false);
      for (const m of page.data.members) {
        const member = RosterMember.safeParse(m);
        if (member.success) members.push(member.data);
      }
      const links = LinkHeader.parse(res.headers.get('link') ?? '');
      const base: string = next;
      const resolve = (rel: string): string | undefined => {
        const ref = links.rel(rel)[0]?.uri;
        return ref ? new URL(ref, base).toString() : undefined;
      };
      differences = resolve('differences') ?? differences;
      next = resolve('next');
    }
    return { members, differences, pages };
  }
}
