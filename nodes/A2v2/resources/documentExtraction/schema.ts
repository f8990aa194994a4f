import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { inputError, jsonObject } from '../../../shared/validation';

/** The field types the extraction endpoint documents. */
const EXTRACTION_TYPES = ['string', 'number', 'date', 'boolean', 'email', 'array', 'object'];

export const schemaFields: INodeProperties[] = [
	{
		displayName: 'Schema',
		name: 'schemaMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Define Fields Below', value: 'fields', description: 'List the fields to extract' },
			{ name: 'JSON', value: 'json', description: 'Give the schema as a JSON object' },
			{
				name: 'From an A2V2 Example',
				value: 'example',
				description: "Use one of the API's example schemas (invoice, medical, resume, …)",
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Fields to Extract',
		name: 'schemaFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { schemaMode: ['fields'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. invoiceNumber',
						description: 'The key of the field in the output',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: EXTRACTION_TYPES.map((t) => ({
							name: t[0].toUpperCase() + t.slice(1),
							value: t,
						})),
						default: 'string',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						placeholder: 'e.g. The invoice number',
						description: 'What the field is, in words the AI will look for',
					},
					{
						displayName: 'Required',
						name: 'required',
						type: 'boolean',
						default: false,
						description: 'Whether the document must contain this field',
					},
				],
			},
		],
	},
	{
		displayName: 'Schema (JSON)',
		name: 'schemaJson',
		type: 'json',
		default:
			'{\n  "invoiceNumber": { "type": "string", "description": "The invoice number", "required": true },\n  "totalAmount": { "type": "number", "description": "The total amount" }\n}',
		description:
			'Field name → { type, description, required }; type is one of string, number, date, boolean, email, array, object',
		displayOptions: { show: { schemaMode: ['json'] } },
	},
	{
		displayName: 'Example Name or ID',
		name: 'schemaExample',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSchemaExamples' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { schemaMode: ['example'] } },
	},
];

type Getter = (name: string, fallback: unknown) => unknown;

/** The extraction schema from the node's fields, checked before any request. */
export function extractionSchema(node: INode, itemIndex: number, get: Getter): IDataObject {
	const mode = get('schemaMode', 'fields') as string;
	let schema: Record<string, unknown>;
	let parameter: string;
	if (mode === 'fields') {
		parameter = 'Fields to Extract';
		schema = {};
		const fields =
			((get('schemaFields', {}) as IDataObject).field as IDataObject[] | undefined) ?? [];
		for (const [index, field] of fields.entries()) {
			const name = String(field.name ?? '').trim();
			if (!name) throw inputError(node, itemIndex, parameter, `field ${index + 1} has no name`);
			if (schema[name]) throw inputError(node, itemIndex, parameter, `"${name}" is listed twice`);
			const entry: IDataObject = {
				type: field.type ?? 'string',
				required: field.required === true,
			};
			if (String(field.description ?? '').trim())
				entry.description = String(field.description).trim();
			schema[name] = entry;
		}
	} else if (mode === 'json') {
		parameter = 'Schema (JSON)';
		schema = jsonObject(node, itemIndex, parameter, get('schemaJson', '{}'));
	} else {
		parameter = 'Example';
		const chosen = get('schemaExample', '');
		if (!chosen) throw inputError(node, itemIndex, parameter, 'no example is chosen');
		schema = jsonObject(node, itemIndex, parameter, chosen);
	}
	const entries = Object.entries(schema);
	if (entries.length === 0)
		throw inputError(node, itemIndex, parameter, 'the schema has no fields');
	for (const [name, spec] of entries) {
		if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
			throw inputError(
				node,
				itemIndex,
				`${parameter} "${name}"`,
				'must be an object like { "type": "string" }',
			);
		}
		const type = (spec as IDataObject).type;
		if (!EXTRACTION_TYPES.includes(String(type))) {
			throw inputError(
				node,
				itemIndex,
				`${parameter} "${name}"`,
				`unknown type "${String(type)}"; use one of ${EXTRACTION_TYPES.join(', ')}`,
			);
		}
	}
	return schema as IDataObject;
}
