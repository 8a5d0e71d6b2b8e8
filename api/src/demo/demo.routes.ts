import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { ExercisesRepository } from '../exercises/exercises.repository.ts';
import type { TenantsRepository } from '../tenants/tenants.repository.ts';
import type { UsersService } from '../users/users.service.ts';
import { NotFoundError } from '../errors/domain-errors.ts';
import { pageHeaders } from '../http/security-headers.ts';
import { parse } from '../core/parse.ts';
import { DEMO_USERS, type DemoUser } from './demo-seed.ts';

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../embed-demo');
const TokenRequest = z.strictObject({ as: z.enum(Object.keys(DEMO_USERS) as [DemoUser, ...DemoUser[]]) });

/**
 * The demo pages, and while DEMO_MODE is on, tokens for the seeded demo users only: the page
 * stands in for a partner's backend, which would mint tokens with its API key.
 */
export interface DemoDeps {
  config: { demoMode: boolean };
  users: Pick<UsersService, 'mintToken'>;
  repositories: { tenants: Pick<TenantsRepository, 'findDemo'>; exercises: Pick<ExercisesRepository, 'listByTenant'> };
}

export function demoRouter(c: DemoDeps): Router {
  const router = Router();
  router.use(pageHeaders());
  router.post('/token', express.json({ limit: '1kb' }), async (req, res) => {
    if (!c.config.demoMode) throw new NotFoundError('route');
    const { as } = parse(TokenRequest, req.body);
    const tenant = await c.repositories.tenants.findDemo();
    if (!tenant) throw new NotFoundError('demo tenant');
    const u = DEMO_USERS[as];
    const minted = await c.users.mintToken(tenant.id, { externalId: u.externalId, name: u.name, role: u.role });
    const exercises = await c.repositories.exercises.listByTenant(tenant.id);
    res.status(201).json({
      access_token: minted.accessToken,
      expires_in: minted.expiresIn,
      user: minted.user,
      exercises: exercises.map((e) => ({ id: e.id, title: e.title })),
    });
  });
  // The sample media are public: a page opened on the other loopback name (127.0.0.1 for
  // localhost) plays them too, as <video crossorigin> and hls.js fetch them with CORS.
  router.use('/media', (_req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  });
  router.use(express.static(DEMO_DIR, { index: 'index.html', fallthrough: true }));
  return router;
}

/** The product's icon, for every page (browsers ask for /favicon.ico where a page names none). */
export const favicon: RequestHandler = (_req, res) => {
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.type('image/svg+xml').sendFile(path.join(DEMO_DIR, 'favicon.svg'));
};
