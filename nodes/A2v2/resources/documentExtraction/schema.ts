import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { jsonObject } from '../../../fields/values';
import type { Item } from '../../../operations/item';
import { inputError } from '../../../transport/errors';

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

/** The extraction schema from an item's fields, checked before any request. */
export function extractionSchema(item: Item): IDataObject {
	const fail = (parameter: string, problem: string) =>
		inputError(item.node, item.index, parameter, problem);
	const mode = item.param<string>('schemaMode', 'fields');
	let schema: Record<string, unknown>;
	let parameter: string;
	if (mode === 'fields') {
		parameter = 'Fields to Extract';
		schema = {};
		const fields =
			(item.param<IDataObject>('schemaFields', {}).field as IDataObject[] | undefined) ?? [];
		for (const [index, field] of fields.entries()) {
			const name = String(field.name ?? '').trim();
			if (!name) throw fail(parameter, `field ${index + 1} has no name`);
			if (schema[name]) throw fail(parameter, `"${name}" is listed twice`);
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
		schema = jsonObject(item, parameter, item.param('schemaJson', '{}'));
	} else {
		parameter = 'Example';
		const chosen = item.param('schemaExample', '');
		if (!chosen) throw fail(parameter, 'no example is chosen');
		schema = jsonObject(item, parameter, chosen);
	}
	const entries = Object.entries(schema);
	if (entries.length === 0) throw fail(parameter, 'the schema has no fields');
	for (const [name, spec] of entries) {
		if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
			throw fail(`${parameter} "${name}"`, 'must be an object like { "type": "string" }');
		}
		const type = (spec as IDataObject).type;
		if (!EXTRACTION_TYPES.includes(String(type))) {
			throw fail(
				`${parameter} "${name}"`,
				`unknown type "${String(type)}"; use one of ${EXTRACTION_TYPES.join(', ')}`,
			);
		}
	}
	return schema as IDataObject;
}
