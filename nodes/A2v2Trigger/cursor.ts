import type { IDataObject } from 'n8n-workflow';

/**
 * Where the trigger stands: the newest timestamp it has reported (the server's own, so the two
 * clocks never have to agree) and the IDs of the contacts that carry exactly that timestamp
 * (several can share one). Its size is bounded by the contacts sharing one timestamp, whatever
 * the number of contacts.
 */
export interface Cursor {
	/** Which event and filters the cursor belongs to; another setup starts afresh. */
	setup: string;
	/** ISO timestamp of the newest contact reported, or null when the list was empty. */
	time: string | null;
	ids: string[];
}

export const timeOf = (contact: IDataObject, field: string): number => Date.parse(String(contact[field] ?? ''));

/** Whether a contact is after the cursor: newer, or as new but not yet reported. */
export function isNew(cursor: Cursor, contact: IDataObject, field: string): boolean {
	if (cursor.time === null) return true;
	const t = timeOf(contact, field);
	const c = Date.parse(cursor.time);
	return t > c || (t === c && !cursor.ids.includes(String(contact._id)));
}

/** Whether the list, newest first, may still hold new contacts below this one. */
export function mayContinueAfter(cursor: Cursor, contact: IDataObject, field: string): boolean {
	return cursor.time === null || timeOf(contact, field) >= Date.parse(cursor.time);
}

/** The cursor after reporting `contacts` (all of them newer than `cursor`). */
export function advance(cursor: Cursor, contacts: IDataObject[], field: string): Cursor {
	let { time, ids } = cursor;
	for (const contact of contacts) {
		const t = timeOf(contact, field);
		const id = String(contact._id);
		if (time === null || t > Date.parse(time)) {
			time = String(contact[field]);
			ids = [id];
		} else if (t === Date.parse(time) && !ids.includes(id)) {
			ids = [...ids, id];
		}
	}
	return { setup: cursor.setup, time, ids };
}
