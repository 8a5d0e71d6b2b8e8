import { IdParams, page } from '../contract/common.ts';
import { AddAuthorBody, AuthorParams, CreateExerciseBody, ExerciseListQuery, ExerciseView, PatchExerciseBody } from '../contract/exercises.ts';
import { route } from '../http/route.ts';
import { exercisesHandlers } from './exercises.handlers.ts';
import type { ExercisesService } from './exercises.service.ts';

export function exercisesRoutes(exercises: ExercisesService) {
  const h = exercisesHandlers(exercises);
  const tag = 'Exercises';
  return [
    route({ method: 'get', path: '/exercises', tag, auth: 'either', summary: 'The tenant’s catalogue of exercises', query: ExerciseListQuery, responses: { 200: { description: 'A page of exercises', schema: page(ExerciseView) } }, handler: h.list }),
    route({ method: 'post', path: '/exercises', tag, auth: 'either', summary: 'Create an exercise (instructor, or API key naming author_external_id)', body: CreateExerciseBody, responses: { 201: { description: 'Created', schema: ExerciseView } }, handler: h.create }),
    route({ method: 'get', path: '/exercises/:id', tag, auth: 'either', summary: 'One exercise', params: IdParams, responses: { 200: { description: 'The exercise', schema: ExerciseView } }, handler: h.get }),
    route({ method: 'patch', path: '/exercises/:id', tag, auth: 'either', summary: 'Change an exercise (authors only)', params: IdParams, body: PatchExerciseBody, responses: { 200: { description: 'The exercise', schema: ExerciseView } }, handler: h.update }),
    route({ method: 'delete', path: '/exercises/:id', tag, auth: 'either', summary: 'Archive an exercise: gone from the catalogue, its threads stay readable (authors only)', params: IdParams, responses: { 204: { description: 'Archived' } }, handler: h.archive }),
    route({ method: 'post', path: '/exercises/:id/authors', tag, auth: 'either', summary: 'Add a co-author (an instructor of the tenant)', params: IdParams, body: AddAuthorBody, responses: { 201: { description: 'The exercise with its authors', schema: ExerciseView } }, handler: h.addAuthor }),
    route({ method: 'delete', path: '/exercises/:id/authors/:user_id', tag, auth: 'either', summary: 'Remove a co-author', params: AuthorParams, responses: { 204: { description: 'Removed' } }, handler: h.removeAuthor }),
  ];
}
