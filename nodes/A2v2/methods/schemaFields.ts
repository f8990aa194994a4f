/**
 * The API's field schemas (contacts, form templates) as n8n's resource mapper shows them, and
 * what every loader of the editor shares.
 */
import type {
	FieldType,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { a2v2Data } from '../../transport/request';
import { CONTACT_SCHEMA_TARGET } from '../../transport/url';
import { CUSTOM_FIELD_PREFIX } from '../../fields/contact';

/** A field as the contact and form-template schema endpoints describe it. */
export interface SchemaField {
	key: string;
	label?: string;
	type?: string;
	required?: boolean;
	custom?: boolean;
	options?: Array<{ value: string; label?: string }>;
}

const MAPPER_TYPES: Record<string, FieldType> = {
	string: 'string',
	email: 'string',
	phone: 'string',
	number: 'number',
	boolean: 'boolean',
	date: 'dateTime',
	select: 'options',
	multiselect: 'array',
	array: 'array',
	object: 'object',
};

/** Schema fields as resource-mapper fields: types, required marks, select options. */
export function toMapperFields(
	fields: SchemaField[],
	{ requiredMarks = true, idOf = (f: SchemaField) => f.key } = {},
): ResourceMapperField[] {
	return fields.map((field) => {
		const options: INodePropertyOptions[] | undefined = field.options?.map((o) => ({
			name: o.label ?? o.value,
			value: o.value,
		}));
		const label = field.label ?? field.key;
		return {
			id: idOf(field),
			displayName: field.custom ? `${label} (custom)` : label,
			required: requiredMarks && field.required === true,
			defaultMatch: false,
			display: true,
			type: MAPPER_TYPES[field.type ?? 'string'] ?? 'string',
			...(field.type === 'select' && options ? { options } : {}),
		};
	});
}

/** Turns a failed load into a message the editor shows in the mapper or the list. */
export async function forEditor<T>(
	context: ILoadOptionsFunctions,
	load: () => Promise<T>,
): Promise<T> {
	try {
		return await load();
	} catch (error) {
		const e = error as { message?: string; description?: string };
		throw new NodeOperationError(
			context.getNode(),
			`Could not load from A2V2: ${e.message ?? String(error)}`,
			{ description: e.description },
		);
	}
}

export async function contactSchemaFields(this: ILoadOptionsFunctions): Promise<SchemaField[]> {
	const data = (await a2v2Data.call(this, {
		method: 'GET',
		path: '/contacts/schema/chatbots/{agentId}',
		target: CONTACT_SCHEMA_TARGET,
	})) as { fields?: SchemaField[] } | undefined;
	return data?.fields ?? [];
}

export function contactMapperFields(
	fields: SchemaField[],
	requiredMarks: boolean,
): ResourceMapperFields {
	const mapped = toMapperFields(
		fields.map((f) =>
			f.key === 'tags'
				? { ...f, type: 'string', label: `${f.label ?? 'Tags'} (comma-separated)` }
				: f,
		),
		{
			requiredMarks,
			idOf: (f) => (f.custom ? `${CUSTOM_FIELD_PREFIX}${f.key}` : f.key),
		},
	);
	return { fields: mapped };
}
