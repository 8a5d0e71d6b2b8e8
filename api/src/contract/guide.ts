// The prose of the API reference (OpenAPI info.description, Markdown): the two flows a partner
// builds first. docs/INTEGRATION.md tells the same, at more length.
export const GUIDE = `Private, timecoded feedback threads on exercise videos. Every path below is under \`/api/v1\`;
errors are RFC 9457 problem documents (\`application/problem+json\`) naming the field at fault.

## Credentials and token minting

Two kinds of bearer credential:

- **A tenant API key** (\`etk_…\`), for your backend only. The first \`npm start\` prints the demo
  tenant's; \`npm run cli -- key:create --tenant <tenant id>\` prints another (once), \`key:revoke\`
  retires one.
- **A user access token** (a JWT), for a browser. Your backend mints one per signed-in user with its
  API key, then hands it to the page (the element's \`token\` attribute or \`tokenProvider\`):

\`\`\`sh
curl -X POST "$API/api/v1/tokens" -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \\
  -d '{"user":{"external_id":"lms-user-4711","name":"Sam Rivera","role":"learner"},"ttl_seconds":3600}'
# 201 {"access_token":"eyJ…","token_type":"Bearer","expires_in":3600,"user":{"id":"…","role":"learner",…}}
\`\`\`

The user is created or updated by \`external_id\` (your id for them). Mint a fresh token before
\`expires_in\` runs out; the element asks through \`tokenProvider\` or fires \`token-expired\`.
Never send the API key to a browser.

## Uploading a video

Uploads go straight from the browser (or your backend) to storage in parts, with signed URLs:

1. **Start**: \`POST /media/uploads\` with \`file_name\`, \`size\` (bytes) and \`content_type\`
   (\`video/…\`), as an instructor's token (or the API key with \`owner_external_id\`). The answer
   (201) holds \`part_size\`, \`part_count\` and \`parts\`: one signed \`url\` per part.
2. **PUT each part**: the bytes from \`(part_number - 1) × part_size\` up to \`part_size\` of them,
   to that part's \`url\`, no Authorization header (the signature is the permission).
3. **Read each part's \`ETag\`** response header (it is exposed to browsers) and keep it with its
   \`part_number\`. A failed part is retried alone; \`GET /media/uploads/{id}\` hands out fresh URLs
   and lists \`uploaded_parts\` already stored, so an interrupted upload resumes.
4. **Complete**: \`POST /media/uploads/{id}/complete\` with \`{"parts":[{"part_number":1,"etag":"\\"…\\""},…]}\`.
   The answer is 202: the file is probed (a non-video is refused, 422) and queued for transcoding.
5. **Wait for \`ready\`**: poll \`GET /media/{id}\` until \`status\` is \`ready\` (or \`failed\`, with
   \`error\`), or listen on the live channel (Socket.io at \`/socket.io\`, \`auth: { token }\`) for
   \`media:status-changed\` events, sent to the uploader: \`uploaded\` → \`processing\` → \`ready\`.

Then create the exercise: \`POST /exercises\` with \`{"title":"…","source":{"type":"upload","media_asset_id":"<upload id>"}}\`;
\`GET /exercises/{id}/playback\` hands any user who may see it a signed HLS URL and poster.
`;
