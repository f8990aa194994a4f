import type { IDataObject } from 'n8n-workflow';

/**
 * Where the trigger stands, in the A2V2 server's own timestamps (its clock and n8n's never have
 * to agree; only their pace is compared).
 *
 * - `settled`: every contact with a timestamp before it was visible to an earlier poll, so a poll
 *   reads the list, newest first, only down to it. It trails the server's present by the
 *   look-back window, so a contact that the API commits late (its timestamp already behind newer
 *   ones) is still found.
 * - `seen`: the contacts at or after `settled` that were reported (or existed at activation),
 *   by ID, with the timestamp they were reported at (an updated contact carries a new one), so
 *   none is reported twice. Its size is what arrives within the look-back window, however many
 *   contacts there are, and at most MAX_SEEN.
 * - `newest`: the newest timestamp seen and when (n8n's clock) it was first seen: the server's
 *   present is estimated from it, never ahead of the real one.
 */
export interface Cursor {
	/** Which event and filters the cursor belongs to; another setup starts afresh. */
	setup: string;
	settled: number | null;
	seen: Record<string, number>;
	newest: { time: number; seenAt: number } | null;
}

/** The most contacts remembered; beyond it the oldest are let go (and `settled` moves up). */
const MAX_SEEN = 5000;

export const timeOf = (contact: IDataObject, field: string): number =>
	Date.parse(String(contact[field] ?? ''));

const idOf = (contact: IDataObject): string => String(contact._id);

/** Whether a contact of the list was not reported yet (at this timestamp). */
export function isNew(cursor: Cursor, contact: IDataObject, field: string): boolean {
	const t = timeOf(contact, field);
	return (cursor.settled === null || t >= cursor.settled) && cursor.seen[idOf(contact)] !== t;
}

/** Whether the list, newest first, may still hold unreported contacts below this one. */
export function mayContinueAfter(cursor: Cursor, contact: IDataObject, field: string): boolean {
	return cursor.settled === null || timeOf(contact, field) >= cursor.settled;
}

/**
 * The cursor after a poll that read the whole list down to `cursor.settled` and found
 * `reported` (plus the contacts it skipped, also remembered). `top` is the newest contact in the
 * list now; `lookBackMs` the window; `now` n8n's clock.
 */
export function advance(
	cursor: Cursor,
	reported: IDataObject[],
	top: IDataObject | undefined,
	field: string,
	lookBackMs: number,
	now: number,
): Cursor {
	let newest = cursor.newest;
	const topTime = top ? timeOf(top, field) : NaN;
	if (Number.isFinite(topTime) && (!newest || topTime > newest.time))
		newest = { time: topTime, seenAt: now };

	let settled = cursor.settled;
	if (newest) {
		// The server's present, estimated from when the newest contact was first seen: never
		// later than the real one. A contact committed after this poll carries a timestamp at or
		// after the newest one, and one committed late at most the window behind the present.
		const serverNow = newest.time + Math.max(0, now - newest.seenAt);
		const candidate = Math.min(serverNow - lookBackMs, newest.time + 1);
		settled = settled === null ? candidate : Math.max(settled, candidate);
	}

	const seen: Record<string, number> = {};
	const entries: Array<[string, number]> = [
		...Object.entries(cursor.seen),
		...reported.map((c) => [idOf(c), timeOf(c, field)] as [string, number]),
	];
	entries.sort((a, b) => b[1] - a[1]);
	let count = 0;
	for (const [id, time] of entries) {
		if (settled !== null && time < settled) break;
		if (id in seen) continue;
		if (count >= MAX_SEEN) {
			// Too many to remember: the oldest remembered timestamp becomes the settled point.
			settled = time + 1;
			for (const k of Object.keys(seen)) if (seen[k] < settled) delete seen[k];
			break;
		}
		seen[id] = time;
		count++;
	}
	return { setup: cursor.setup, settled, seen, newest };
}

/**
 * The cursor of version 0.1.0 (`time`, `ids`): everything before `time` was reported, and the
 * contacts at `time` are `ids`. Read as a settled point, so an upgrade neither repeats nor skips.
 */
export function fromLegacy(saved: IDataObject, now: number): Cursor | undefined {
	if (typeof saved.setup !== 'string' || !('time' in saved) || !Array.isArray(saved.ids))
		return undefined;
	const time = saved.time === null ? null : Date.parse(String(saved.time));
	if (time !== null && !Number.isFinite(time)) return undefined;
	const seen: Record<string, number> = {};
	if (time !== null) for (const id of saved.ids as unknown[]) seen[String(id)] = time;
	return {
		setup: saved.setup,
		settled: time,
		seen,
		newest: time === null ? null : { time, seenAt: now },
	};
}
