// Examples for the API reference, keyed by route (`method path`, as the routes declare them).
// Each request example is validated against its route's body schema by test/api-docs.test.ts, and
// each response example against its response schema, so they cannot drift from the contract.

const EXERCISE = '3f6c2a1e-8b4d-4f7a-9c2e-5d1b0a9e7f31';
const THREAD = '9a1d4c7e-2b3f-4e5a-8d6c-1f0e9b8a7c62';
const USER = '5b8e1f3a-7c2d-4b9e-a6f1-3d0c8e2b4a74';
const UPLOAD = 'e7a3c9b1-5d2f-4e8a-b1c6-9f4d2a7e3b05';
const AT = '2026-12-01T14:03:07.512Z';
const ATTEMPT = '0d3f7b2e-9a1c-4e6b-8f5d-2c7a9e1b4d63';
const MARKER = 'c4e2a9d7-1b6f-4a3c-8e5d-7f9b2c1a0e48';

export interface OperationExamples {
  request?: unknown;
  /** By status: the answer an example request gets. */
  responses?: Record<number, unknown>;
}

export const EXAMPLES: Record<string, OperationExamples> = {
  'post /tokens': {
    request: { user: { external_id: 'lms-user-4711', name: 'Sam Rivera', role: 'learner' }, ttl_seconds: 3600 },
    responses: {
      201: { access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1YjhlMWYzYSJ9.c2lnbmF0dXJl', token_type: 'Bearer', expires_in: 3600, user: { id: USER, external_id: 'lms-user-4711', name: 'Sam Rivera', role: 'learner' } },
    },
  },
  'patch /tenant': {
    request: {
      name: 'Acme University',
      allowed_origins: ['https://lms.acme.edu', 'https://moodle.acme.edu'],
      erasure_policy: 'tombstone',
      lrs: { endpoint: 'https://lrs.acme.edu/xapi/', username: 'exercise-threads', password: 'lrs-basic-auth-secret' },
      retention: { archived_exercise_days: 365, attempt_days: 180, warn_days: 14 },
    },
  },
  'post /events': {
    request: {
      exercise_id: EXERCISE,
      events: [
        { id: '7c1e9a2b-3d4f-4a5b-8c6d-9e0f1a2b3c4d', type: 'played', at: AT, session_id: 'd2b4f6a8-1c3e-4d5f-9a7b-2c4e6f8a0b1d', time: 12.5 },
        { id: '8d2f0b3c-4e5a-4b6c-9d7e-0f1a2b3c4d5e', type: 'paused', at: '2026-12-01T14:03:21.004Z', session_id: 'd2b4f6a8-1c3e-4d5f-9a7b-2c4e6f8a0b1d', time: 26, progress: 0.43 },
      ],
    },
    responses: { 202: { accepted: 2, duplicates: 0, recording: true } },
  },
  'delete /users/:id': {
    responses: { 202: { id: 'c4e2a7f1-3b9d-4e6a-8f2c-7d1b5a9e3c40', status: 'pending', policy: 'tombstone', counts: {}, created_at: AT, finished_at: null } },
  },
  'get /exports/:id': {
    responses: {
      200: {
        id: 'b1d7e3a9-6c2f-4a8e-9d5b-3f7c1e9a2b68',
        status: 'ready',
        created_at: AT,
        finished_at: '2026-12-01T14:03:09.204Z',
        expires_at: '2026-12-02T14:03:09.204Z',
        size_bytes: 48_213_377,
        download_url: 'https://threads.example.edu/storage/o/exports/…/data-export.zip?expires=1764684189&signature=…',
        error: null,
      },
    },
  },
  'post /exercises': { request: { title: 'Golf swing: follow-through', description: 'Film yourself from the side, two swings.', source: { type: 'upload', media_asset_id: UPLOAD } } },
  'patch /exercises/:id': { request: { title: 'Golf swing: follow-through (driver)', duration: 8.5 } },
  'post /exercises/:id/authors': { request: { user_id: USER } },
  'post /threads': { request: { exercise_video_id: EXERCISE } },
  'patch /me/notifications': { request: { reply_emails: true, digest: 'weekly' } },
  'post /webhooks': { request: { url: 'https://partner.example/hooks/threads', event_types: ['comment.created', 'thread.awaiting_reply'] } },
  'post /threads/:id/read': { request: { seq: 12 } },
  'put /threads/:id/grade': { request: { score: 17.5, comment: 'Clear diction; breathe before the last line.' } },
  'post /comments': {
    request: {
      thread_id: THREAD,
      t_start: 2.4,
      t_end: 3.5,
      body: 'Your weight shifts too early here: see the left hip.',
      drawing: { shapes: [{ type: 'arrow', colour: 'yellow', points: [[0.22, 0.31], [0.41, 0.55]] }, { type: 'ellipse', colour: 'yellow', points: [[0.38, 0.5], [0.5, 0.64]] }] },
      marker_ids: [MARKER],
    },
  },
  'post /threads/:id/attempts': {
    request: { file_name: 'attempt.webm', size: 9_437_184, content_type: 'video/webm' },
    responses: {
      201: {
        attempt: {
          id: ATTEMPT,
          thread_id: THREAD,
          number: 1,
          media_asset_id: UPLOAD,
          status: 'pending',
          error: null,
          duration: null,
          frame_rate: null,
          sync_offset: 0,
          playable: false,
          feedback_at: null,
          created_at: AT,
          updated_at: AT,
        },
        upload: {
          id: UPLOAD,
          status: 'pending',
          size: 9_437_184,
          part_size: 8_388_608,
          part_count: 2,
          parts: [1, 2].map((n) => ({ part_number: n, url: `https://threads.example.edu/storage/p/${UPLOAD}/${n}?expires=1764598987&signature=…` })),
          uploaded_parts: [],
          expires_at: '2026-12-01T14:18:07.000Z',
        },
      },
    },
  },
  'patch /attempts/:id': { request: { sync_offset: 1.25 } },
  'get /attempts/:id/playback': {
    responses: {
      200: {
        kind: 'original',
        type: 'webm',
        url: `https://threads.example.edu/storage/o/assets/…/${UPLOAD}/source?expires=1764598987&signature=…&type=video%2Fwebm`,
        content_type: 'video/webm',
        expires_at: '2026-12-01T14:18:07.000Z',
        duration: 42.3,
        frame_rate: 30,
      },
    },
  },
  'patch /comments/:id': { request: { body: 'Your weight shifts too early here: wait for count 3.', marker_ids: [MARKER] } },
  'post /comments/:id/reports': { request: { reason: 'Off-topic advertising.' } },
  'post /moderation/comments/:id/hide': { request: { reason: 'Advertising, reported twice.' } },
  'post /moderation/comments/:id/unhide': { request: { reason: 'Reviewed: a genuine answer.' } },
  'post /moderation/reports/:id/dismiss': { request: { reason: 'Not a breach of the course rules.' } },
  'post /snippets': { request: { scope: 'exercise', exercise_id: EXERCISE, title: 'Follow-through', body: 'Hold the finish until the ball lands: your chest faces the target.' } },
  'patch /snippets/:id': { request: { body: 'Hold the finish until the ball lands.' } },
  'post /markers': { request: { scope: 'mine', label: 'posture', color: '#e8710a' } },
  'patch /markers/:id': { request: { color: '#1a73e8' } },
  'post /media/uploads': {
    request: { file_name: 'swing.mp4', size: 20_971_520, content_type: 'video/mp4' },
    responses: {
      201: {
        id: UPLOAD,
        status: 'pending',
        size: 20_971_520,
        part_size: 8_388_608,
        part_count: 3,
        parts: [1, 2, 3].map((n) => ({ part_number: n, url: `https://threads.example.edu/storage/p/${UPLOAD}/${n}?expires=1764598987&signature=…` })),
        uploaded_parts: [],
        expires_at: '2026-12-01T14:18:07.000Z',
      },
    },
  },
  'post /media/uploads/:id/complete': {
    request: { parts: [{ part_number: 1, etag: '"9b2cf535f27731c974343645a3985328"' }, { part_number: 2, etag: '"6f5902ac237024bdd0c176cb93063dc4"' }, { part_number: 3, etag: '"d41d8cd98f00b204e9800998ecf8427e"' }] },
  },
  'get /media/:id': {
    responses: {
      200: {
        id: UPLOAD,
        owner_id: USER,
        file_name: 'swing.mp4',
        content_type: 'video/mp4',
        size: 20_971_520,
        status: 'ready',
        error: null,
        duration: 8.52,
        frame_rate: 25,
        renditions: [{ name: '360p', width: 640, height: 360, bandwidth: 900_000 }],
        transcoding: 'available',
        created_at: AT,
        updated_at: AT,
      },
    },
  },
};
