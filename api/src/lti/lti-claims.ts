import { z } from 'zod';
import type { Role } from '../auth/principal.ts';
import { AgsEndpoint } from './ags-client.ts';
import { NrpsClaim } from './nrps-client.ts';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const LTI_DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
export const LTI_AGS_ENDPOINT = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const LTI_NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const LTI_VERSION = '1.3.0';
export const RESOURCE_LINK_REQUEST = 'LtiResourceLinkRequest';
export const DEEP_LINKING_REQUEST = 'LtiDeepLinkingRequest';

/** The claims of a launch's id_token this tool reads (after jose has checked signature, iss, aud, exp, iat). */
export const LaunchClaims = z.object({
  iss: z.string(),
  // Optional: an anonymous launch has none (the service refuses it with an explanation).
  sub: z.string().min(1).max(255).optional(),
  nonce: z.string().min(1),
  exp: z.number(),
  azp: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  // Shared when the platform's privacy settings allow; anything unusable is dropped, not refused.
  email: z.email().max(254).optional().catch(undefined),
  locale: z.string().max(35).regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/).optional().catch(undefined),
  [`${LTI}message_type`]: z.enum([RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST]),
  [`${LTI}version`]: z.literal(LTI_VERSION),
  [`${LTI}deployment_id`]: z.string().min(1).max(255),
  [`${LTI}target_link_uri`]: z.string().optional(),
  [`${LTI}roles`]: z.array(z.string()).default([]),
  [`${LTI}resource_link`]: z.object({ id: z.string().min(1).max(255), title: z.string().max(500).optional() }).optional(),
  [`${LTI}context`]: z.object({ id: z.string().min(1).max(255), title: z.string().max(500).optional(), label: z.string().max(500).optional() }).optional(),
  [`${LTI}custom`]: z.record(z.string(), z.unknown()).optional(),
  // The services: a malformed one is ignored (the launch still works, without grades or roster).
  [LTI_AGS_ENDPOINT]: AgsEndpoint.optional().catch(undefined),
  [LTI_NRPS]: NrpsClaim.optional().catch(undefined),
  [`${LTI_DL}deep_linking_settings`]: z
    .object({
      deep_link_return_url: z.url({ protocol: /^https?$/ }),
      accept_types: z.array(z.string()),
      accept_lineitem: z.boolean().optional(),
      // Opaque (Deep Linking 2.0 §4.4.1): any JSON, echoed back unchanged; bounded, as it rides in a page's form.
      data: z.unknown().refine((d) => d === undefined || JSON.stringify(d).length <= 4096, 'data is longer than 4096 characters as JSON').optional(),
    })
    .optional(),
});

export type LaunchClaims = z.infer<typeof LaunchClaims>;

const INSTRUCTOR_ROLES = new Set(['Instructor', 'TeachingAssistant', 'ContentDeveloper', 'Mentor']);

/**
 * LIS roles to ours. Context (membership) roles and their sub-roles
 * (`membership/Instructor#TeachingAssistant`), plus the institution and system Administrator.
 * The most capable wins, except that moderation never shadows teaching: someone who is both an
 * Administrator and the course's Instructor teaches (a moderator sees no threads).
 */
export function mapRoles(roles: readonly string[]): Role {
  const course = new Set<string>();
  const wider = new Set<string>();
  for (const r of roles) {
    const name = r.slice(Math.max(r.lastIndexOf('#'), r.lastIndexOf('/')) + 1);
    // A faculty member (institution Instructor) may be a learner in this course: only course roles
    // teach. LTI 1.1's URNs (`urn:lti:role:…`, `urn:lti:instrole:…`), which LTI 1.3 still allows, count alike.
    if (r.includes('/membership') || r.startsWith('urn:lti:role:') || !r.includes('/')) course.add(name);
    else if (r.includes('/institution/person#') || r.includes('/system/person#') || r.startsWith('urn:lti:instrole:') || r.startsWith('urn:lti:sysrole:')) wider.add(name);
  }
  if ([...course].some((n) => INSTRUCTOR_ROLES.has(n))) return 'instructor';
  if (course.has('Administrator') || wider.has('Administrator') || wider.has('SysAdmin')) return 'moderator';
  return 'learner';
}

/** The placement's own address in the LMS, when the platform passes it as the custom parameter lms_url. */
export function lmsUrl(c: LaunchClaims): string | undefined {
  const value = c[`${LTI}custom`]?.lms_url;
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function displayName(c: LaunchClaims, sub: string): string {
  const full = c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(' ').trim();
  return full || `User ${sub.slice(0, 40)}`;
}
