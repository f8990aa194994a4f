/**
 * What the bodies of contacts and form submissions share: which values count as not given, and
 * how n8n's date values (Luxon DateTimes, which the resource mapper makes of its date fields) are
 * written. A contact's dates (date of birth, last contacted) take a date and time; a form's date
 * fields take a calendar date.
 */

/** Not given: undefined, null, or text that is empty or all blank. */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function luxon(value: unknown): { toISO: () => string; toISODate: () => string } | undefined {
	return value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function' &&
		typeof (value as { toISODate?: unknown }).toISODate === 'function'
		? (value as { toISO: () => string; toISODate: () => string })
		: undefined;
}

/** A date value as a date and time (ISO 8601); anything else as it is. */
export function asDateTime(value: unknown): unknown {
	return luxon(value)?.toISO() ?? value;
}

/** A date value as a calendar date (YYYY-MM-DD); anything else as it is. */
export function asDate(value: unknown): unknown {
	return luxon(value)?.toISODate() ?? value;
}
