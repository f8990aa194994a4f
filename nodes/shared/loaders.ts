import type {
	FieldType,
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PAGE_SIZE } from './pipeline';
import { a2v2Data, a2v2Request } from './transport';
import { pathSegment } from './url';

/** A field as the contact and form-template schema endpoints describe it. */
export interface SchemaField {
	key: string;
	label?: string;
	type?: string;
	required?: boolean;
	custom?: boolean;
	options?: Array<{ value: string; label?: string }>;
}

/** Mapper ids of custom contact fields carry this prefix; the body builder nests them. */
export const CUSTOM_FIELD_PREFIX = 'customFields.';

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
async function forEditor<T>(context: ILoadOptionsFunctions, load: () => Promise<T>): Promise<T> {
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
	})) as { fields?: SchemaField[] } | undefined;
	return data?.fields ?? [];
}

function contactMapperFields(fields: SchemaField[], requiredMarks: boolean): ResourceMapperFields {
	const mapped = toMapperFields(
		fields.map((f) => (f.key === 'tags' ? { ...f, type: 'string', label: `${f.label ?? 'Tags'} (comma-separated)` } : f)),
		{
			requiredMarks,
			idOf: (f) => (f.custom ? `${CUSTOM_FIELD_PREFIX}${f.key}` : f.key),
		},
	);
	return { fields: mapped };
}

export const loaders = {
	loadOptions: {
		/** The API's example extraction schemas; an option's value is the schema itself. */
		async getSchemaExamples(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
			return await forEditor(this, async () => {
				const examples = ((await a2v2Data.call(this, { method: 'GET', path: '/document-extraction/schema-examples' })) ??
					[]) as Array<{ name?: string; description?: string; schema?: IDataObject }>;
				return examples.map((e) => ({
					name: e.name ?? 'example',
					value: JSON.stringify(e.schema ?? {}),
					description: e.description,
				}));
			});
		},
	},
	listSearch: {
		/** The agent's form templates, filtered by name. */
		async searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
			return await forEditor(this, async () => {
				const templates = ((await a2v2Data.call(this, { method: 'GET', path: '/forms/templates/chatbots/{agentId}' })) ??
					[]) as Array<{ _id?: string; name?: string; isActive?: boolean }>;
				const wanted = (filter ?? '').trim().toLowerCase();
				return {
					results: templates
						.filter((t) => !wanted || String(t.name ?? '').toLowerCase().includes(wanted))
						.map((t) => ({ name: `${t.name ?? t._id}${t.isActive === false ? ' (inactive)' : ''}`, value: String(t._id) })),
				};
			});
		},
		/** Contacts for the Contact locator, searched by the API's own text search. */
		async searchContacts(
			this: ILoadOptionsFunctions,
			filter?: string,
			paginationToken?: string,
		): Promise<INodeListSearchResult> {
			return await forEditor(this, async () => {
				const page = Number(paginationToken) || 1;
				const qs: IDataObject = { page, limit: PAGE_SIZE, sortBy: 'updatedAt', sortOrder: 'desc' };
				if (filter) qs.search = filter;
				const response = await a2v2Request.call(this, {
					method: 'GET',
					path: '/contacts/chatbots/{agentId}',
					qs,
				});
				const body = response.body as {
					data?: IDataObject[];
					pagination?: { hasNextPage?: boolean };
				};
				const results = (body.data ?? []).map((c) => {
					const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
					const label = [name, c.primaryEmail ? `<${String(c.primaryEmail)}>` : '']
						.filter(Boolean)
						.join(' ');
					return { name: label || String(c.externalReferenceId ?? c._id), value: String(c._id) };
				});
				return {
					results,
					paginationToken: body.pagination?.hasNextPage ? String(page + 1) : undefined,
				};
			});
		},
	},
	resourceMapping: {
		/** The fields of the chosen form template; reloaded when the template changes. */
		async getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
			return await forEditor(this, async () => {
				const template = String(this.getNodeParameter('template', '', { extractValue: true }) ?? '').trim();
				if (!template) return { fields: [], emptyFieldsNotice: 'Choose a template first' };
				const data = (await a2v2Data.call(this, {
					method: 'GET',
					path: `/forms/templates/${pathSegment(template, 'The template ID')}/schema/chatbots/{agentId}`,
				})) as { fields?: SchemaField[] } | undefined;
				return { fields: toMapperFields(data?.fields ?? []) };
			});
		},
		/** The agent's contact fields, for Create (required marks as the schema says). */
		async getContactFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
			return await forEditor(this, async () =>
				contactMapperFields(await contactSchemaFields.call(this), true),
			);
		},
		/** The same fields for Update, where nothing is required. */
		async getContactFieldsForUpdate(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
			return await forEditor(this, async () =>
				contactMapperFields(await contactSchemaFields.call(this), false),
			);
		},
	},
};
