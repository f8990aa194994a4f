import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Item } from '../operations/item';
import { inputError } from '../transport/errors';

/**
 * What an operation that returns contacts, files or form submissions outputs. Version 1 of the
 * node has the Simplify switch (contacts only); version 2 has Output: Simplified (a flat, stable
 * set), Raw (the API's object) or Selected Fields (the fields listed, dotted paths into nested
 * objects allowed, the A2V2 ID always included).
 */
export type OutputKind = 'contact' | 'file' | 'submission';

/** The fields of the Simplified output, after `id`. */
const SIMPLIFIED: Record<OutputKind, string[]> = {
	contact: [
		'externalReferenceId',
		'firstName',
		'lastName',
		'primaryEmail',
		'primaryPhone',
		'status',
		'tags',
		'createdAt',
		'updatedAt',
	],
	file: ['fileName', 'mimeType', 'fileSize', 'createdAt'],
	submission: [
		'templateId',
		'templateName',
		'externalReferenceId',
		'formData',
		'submissionNotes',
		'status',
		'reviewNotes',
		'createdAt',
		'updatedAt',
	],
};

/**
 * The fields offered to pick from for Selected Fields: the contract's fields of the record.
 * Selected Fields takes these (and the free-form objects below, with any path into them); any
 * other name is refused before the request, as a field that does not exist. The keys inside
 * `customFields` and `formData` are the agent's own: no request is spent to check them.
 */
const OFFERED: Record<OutputKind, string[]> = {
	contact: [
		'salutation',
		'firstName',
		'middleName',
		'lastName',
		'primaryEmail',
		'primaryPhone',
		'primaryPhoneCode',
		'dob',
		'gender',
		'fullAddress',
		'externalReferenceId',
		'tags',
		'status',
		'source',
		'lastContactedAt',
		'isArchived',
		'archivedAt',
		'createdAt',
		'updatedAt',
	],
	file: ['contactId', 'fileName', 'mimeType', 'fileSize', 'createdAt', 'updatedAt'],
	submission: [
		'templateId',
		'templateName',
		'contactId',
		'externalReferenceId',
		'formData',
		'submissionNotes',
		'clientId',
		'status',
		'reviewNotes',
		'supersededBy',
		'createdAt',
		'updatedAt',
	],
};

/** The free-form objects of a record: a path may go on into them. */
const NESTED: Record<OutputKind, string[]> = {
	contact: ['customFields'],
	file: [],
	submission: ['formData'],
};

const WORDS: Record<OutputKind, string> = {
	contact: 'contact',
	file: 'file',
	submission: 'form submission',
};

/** The Simplify switch of version 1, for contacts (and the trigger). */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat, stable set of the useful fields (ID, external reference ID, names, e-mail, phone, status, tags, created, updated) instead of the raw contact',
};

/** The output fields of an operation that returns `kind`, by node version. */
export function outputFields(kind: OutputKind): INodeProperties[] {
	const v2 = { '@version': [{ _cnd: { gte: 2 } }] };
	return [
		...(kind === 'contact'
			? [{ ...simplifyField, displayOptions: { show: { '@version': [1] } } }]
			: []),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Simplified',
					value: 'simplified',
					description: `A flat, stable set of the ${WORDS[kind]}'s useful fields: the A2V2 ID, ${SIMPLIFIED[kind].join(', ')}`,
				},
				{ name: 'Raw', value: 'raw', description: `The ${WORDS[kind]} as A2V2 returns it` },
				{
					name: 'Selected Fields',
					value: 'selected',
					description: 'The fields you list, and the A2V2 ID',
				},
			],
			default: 'simplified',
			displayOptions: { show: v2 },
		},
		{
			...selectedFieldsField(kind),
			displayOptions: { show: { output: ['selected'], ...v2 } },
		},
	];
}

/**
 * The fields to select: a contact's from the agent's schema (custom ones under customFields), a
 * file's or a submission's from their known fields. An expression may give any list, dotted
 * paths included (`formData.rating`).
 */
function selectedFieldsField(kind: OutputKind): INodeProperties {
	if (kind === 'contact') {
		return {
			displayName: 'Field Names or IDs',
			name: 'outputFields',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getContactOutputFields' },
			default: [],
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		};
	}
	return {
		displayName: 'Fields',
		name: 'outputFields',
		type: 'multiOptions',
		options: OFFERED[kind].map((field) => ({ name: field, value: field })),
		default: [],
		description: `The ${WORDS[kind]}'s fields to return besides its ID${kind === 'submission' ? '; an expression may list paths into the form data, e.g. formData.rating' : ''}`,
	};
}

/** The fields a contact may be asked for, custom ones as `customFields.<key>`. */
export function contactOutputOptions(
	schema: Array<{ key: string; label?: string; custom?: boolean }>,
) {
	const standard = OFFERED.contact;
	const custom = schema
		.filter((f) => f.custom)
		.map((f) => ({ name: `${f.label ?? f.key} (custom)`, value: `customFields.${f.key}` }));
	return [...standard.map((field) => ({ name: field, value: field })), ...custom];
}

/** A record with its A2V2 ID as `id`. */
const idOf = (record: IDataObject) => record._id ?? record.id ?? null;

function simplified(kind: OutputKind, record: IDataObject): IDataObject {
	const simple: IDataObject = { id: idOf(record) };
	for (const key of SIMPLIFIED[kind]) simple[key] = record[key] ?? (key === 'tags' ? [] : null);
	return simple;
}

/** A contact simplified as version 1's Simplify switch and the trigger give it. */
export const simplifyContact = (contact: IDataObject) => simplified('contact', contact);

/** The value at a dotted path, set at the same path in `into` (null where the record has none). */
function copyPath(record: IDataObject, into: IDataObject, path: string[]): void {
	let from: unknown = record;
	for (const part of path) from = (from as IDataObject | null | undefined)?.[part];
	let to = into;
	for (const part of path.slice(0, -1)) {
		if (!to[part] || typeof to[part] !== 'object') to[part] = {};
		to = to[part] as IDataObject;
	}
	to[path[path.length - 1]] = (from as IDataObject[string]) ?? null;
}

/**
 * How this item's Output shapes a returned record; the listed fields are checked here, before
 * any request.
 */
export function shaper(kind: OutputKind, item: Item): (record: IDataObject) => IDataObject {
	const output = item.param<string | null>('output', null);
	if (output === null) {
		// Version 1: contacts follow Simplify; files and submissions come raw.
		return kind === 'contact' && item.param('simplify', true)
			? (record) => simplified(kind, record)
			: (record) => record;
	}
	if (output === 'raw') return (record) => record;
	if (output !== 'selected') return (record) => simplified(kind, record);
	const given = item.param<unknown>('outputFields', []);
	const listed = (Array.isArray(given) ? given : String(given ?? '').split(','))
		.map((field) => String(field).trim())
		.filter(Boolean);
	if (!listed.length) throw inputError(item.node, item.index, 'Fields', 'lists no field');
	const malformed = listed.filter((field) => field.split('.').some((part) => !part));
	if (malformed.length) {
		throw inputError(
			item.node,
			item.index,
			'Fields',
			`${malformed.map((f) => `"${f}"`).join(', ')} ${malformed.length > 1 ? 'are not field names' : 'is not a field name'}`,
			'Give a field name, or a dotted path into a nested object such as customFields.level',
		);
	}
	const known = new Set(['id', '_id', ...OFFERED[kind], ...NESTED[kind]]);
	const unknown = listed.filter((field) => {
		const [top, ...below] = field.split('.');
		return !known.has(top) || (below.length > 0 && !NESTED[kind].includes(top));
	});
	if (unknown.length) {
		const custom = kind === 'contact' ? '; a custom field is customFields.<key>' : '';
		const form = kind === 'submission' ? '; a form field is formData.<key>' : '';
		throw inputError(
			item.node,
			item.index,
			'Fields',
			`${unknown.map((f) => `"${f}"`).join(', ')} ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of a ${WORDS[kind]}`,
			`The fields are: ${[...OFFERED[kind], ...NESTED[kind].filter((n) => !OFFERED[kind].includes(n))].join(', ')}${custom}${form}. For anything else, choose Output: Raw`,
		);
	}
	const paths = listed.filter((f) => f !== 'id').map((field) => field.split('.'));
	return (record) => {
		const selected: IDataObject = { id: idOf(record) };
		for (const path of paths) copyPath(record, selected, path);
		return selected;
	};
}

/** The output of a declarative operation: checked before its request, shaped after. */
export function output(kind: OutputKind) {
	return {
		check: (item: Item) => void shaper(kind, item),
		reshape: (items: INodeExecutionData[], item: Item): INodeExecutionData[] => {
			const shape = shaper(kind, item);
			return items.map((out) => ({ ...out, json: shape(out.json) }));
		},
	};
}
