import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { IdParams } from '../contract/common.ts';
import type { AddAuthorBody, AuthorParams, CreateExerciseBody, ExerciseListQuery, PatchExerciseBody } from '../contract/exercises.ts';
import { principalOf } from '../http/authenticate.ts';
import type { ExercisesService } from './exercises.service.ts';
import { sendJson } from '../http/send-json.ts';

type In<P = unknown, Q = unknown, B = unknown> = { params: P; query: Q; body: B };
type Id = z.output<typeof IdParams>;

export function exercisesHandlers(exercises: ExercisesService) {
  return {
    async list({ query }: In<unknown, z.output<typeof ExerciseListQuery>>, _req: Request, res: Response) {
      sendJson(res, 200, await exercises.list(principalOf(res), query));
    },
    async get({ params }: In<Id>, _req: Request, res: Response) {
      sendJson(res, 200, await exercises.get(principalOf(res), params.id));
    },
    async create({ body }: In<unknown, unknown, z.output<typeof CreateExerciseBody>>, _req: Request, res: Response) {
      const created = await exercises.create(principalOf(res), body);
      sendJson(res, 201, created, { Location: `/api/v1/exercises/${created.id}` });
    },
    async update({ params, body }: In<Id, unknown, z.output<typeof PatchExerciseBody>>, _req: Request, res: Response) {
      sendJson(res, 200, await exercises.update(principalOf(res), params.id, body));
    },
    async archive({ params }: In<Id>, _req: Request, res: Response) {
      await exercises.archive(principalOf(res), params.id);
      res.status(204).end();
    },
    async addAuthor({ params, body }: In<Id, unknown, z.output<typeof AddAuthorBody>>, _req: Request, res: Response) {
      sendJson(res, 201, await exercises.addAuthor(principalOf(res), params.id, body.user_id));
    },
    async removeAuthor({ params }: In<z.output<typeof AuthorParams>>, _req: Request, res: Response) {
      await exercises.removeAuthor(principalOf(res), params.id, params.user_id);
      res.status(204).end();
    },
  };
}
