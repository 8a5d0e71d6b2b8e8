import { IdParams } from '../contract/common.ts';
import { AddAuthorBody, AuthorParams, CreateExerciseBody, ExerciseListQuery, ExerciseOps, PatchExerciseBody } from '../contract/exercises.ts';
import { created, route } from '../http/route.ts';
import type { ExercisesService } from './exercises.service.ts';

export function exercisesRoutes(exercises: ExercisesService) {
  const ops = ExerciseOps;
  return [
    route({ method: 'get', path: '/exercises', auth: 'either', query: ExerciseListQuery, doc: ops.list, handler: ({ principal, query }) => exercises.list(principal, query) }),
    route({ method: 'post', path: '/exercises', auth: 'either', body: CreateExerciseBody, doc: ops.create, handler: async ({ principal, body }) => created(await exercises.create(principal, body), 'exercises') }),
    route({ method: 'get', path: '/exercises/:id', auth: 'either', params: IdParams, doc: ops.get, handler: ({ principal, params }) => exercises.get(principal, params.id) }),
    route({ method: 'patch', path: '/exercises/:id', auth: 'either', params: IdParams, body: PatchExerciseBody, doc: ops.update, handler: ({ principal, params, body }) => exercises.update(principal, params.id, body) }),
    route({ method: 'delete', path: '/exercises/:id', auth: 'either', params: IdParams, doc: ops.archive, handler: ({ principal, params }) => exercises.archive(principal, params.id) }),
    route({ method: 'post', path: '/exercises/:id/authors', auth: 'either', params: IdParams, body: AddAuthorBody, doc: ops.addAuthor, handler: ({ principal, params, body }) => exercises.addAuthor(principal, params.id, body.user_id) }),
    route({ method: 'delete', path: '/exercises/:id/authors/:user_id', auth: 'either', params: AuthorParams, doc: ops.removeAuthor, handler: ({ principal, params }) => exercises.removeAuthor(principal, params.id, params.user_id) }),
  ];
}
