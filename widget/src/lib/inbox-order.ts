import type { InboxItemView } from './types.ts';

/** The API's inbox order: waiting threads first, the longest waiting first; then the rest, latest activity first. */
export function compareInbox(a: InboxItemView, b: InboxItemView): number {
  const wa = a.awaiting_since;
  const wb = b.awaiting_since;
  if (wa && wb) return Date.parse(wa) - Date.parse(wb) || a.id.localeCompare(b.id);
  if (wa || wb) return wa ? -1 : 1;
  return Date.parse(b.last_activity_at) - Date.parse(a.last_activity_at) || a.id.localeCompare(b.id);
}

/** The list with `item` in its place (added, or moved after a change); without it when `keep` is false. */
export function placeInInbox(items: readonly InboxItemView[], item: InboxItemView, keep = true): InboxItemView[] {
  const rest = items.filter((i) => i.id !== item.id);
  return keep ? [...rest, item].sort(compareInbox) : rest;
}
