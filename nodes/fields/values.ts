import type { Item } from '../operations/item';
import { inputError } from '../transport/errors';

/**
 * What the values of the fields are taken to be: which count as not given, which are e-mail
 * addresses and dates, how n8n's date values are written, and JSON objects given as text.
 */

/** Not given: undefined, null, or text that is empty or all blank. */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: unknown): boolean {
	return typeof value === 'string' && EMAIL.test(value.trim());
}

export function isDate(value: unknown): boolean {
	if (value instanceof Date) return !Number.isNaN(value.getTime());
	if (typeof value !== 'string' || value.trim() === '') return false;
	return !Number.isNaN(Date.parse(value));
}

function luxon(value: unknown): { toISO: () => string; toISODate: () => string } | undefined {
	return value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function' &&
		typeof (value as { toISODate?: unknown }).toISODate === 'function'
		? (value as { toISO: () => string; toISODate: () => string })
		: undefined;
}

/**
 * A date value (a Luxon DateTime, which the resource mapper makes of its date fields) as a date
 * and time in ISO 8601, as a contact's dates take it; anything else as it is.
 */
export function asDateTime(value: unknown): unknown {
	return luxon(value)?.toISO() ?? value;
}

/** A date value as a calendar date (YYYY-MM-DD), as form date fields take it. */
export function asDate(value: unknown): unknown {
	return luxon(value)?.toISODate() ?? value;
}

/** Parses a JSON parameter that must hold an object; refused before any request otherwise. */
export function jsonObject(item: Item, parameter: string, value: unknown): Record<string, unknown> {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw inputError(
				item.node,
				item.index,
				parameter,
				`is not valid JSON (${(error as Error).message})`,
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw inputError(
			item.node,
			item.index,
			parameter,
			'must be a JSON object, like {"key": "value"}',
		);
	}
	return parsed as Record<string, unknown>;
}
