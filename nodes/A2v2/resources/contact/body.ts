import type { IDataObject, INodeProperties, ResourceMapperValue } from 'n8n-workflow';

import { CONTACT_STATUSES, CUSTOM_FIELD_PREFIX } from '../../../fields/contact';
import { asDateTime, isBlank, isDate, isEmail, jsonObject } from '../../../fields/values';
import type { Item } from '../../../operations/item';
import { inputError } from '../../../transport/errors';

const DATE_FIELDS = ['dob', 'lastContactedAt'];

/** How the contact's fields are given: the schema-driven mapper, or a JSON body. */
function contactFieldsProperties(mapperMethod: string): INodeProperties[] {
	return [
		{
			displayName: 'Fields Input',
			name: 'fieldsMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Map Fields',
					value: 'mapper',
					description: "Fill in the agent's contact fields, loaded from its schema",
				},
				{ name: 'JSON', value: 'json', description: 'Give the contact as a JSON object' },
			],
			default: 'mapper',
		},
		{
			displayName: 'Contact Fields',
			name: 'contactFields',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: ['fieldsMode'],
				resourceMapper: {
					resourceMapperMethod: mapperMethod,
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: true,
				},
			},
			displayOptions: { show: { fieldsMode: ['mapper'] } },
		},
		{
			displayName: 'Contact (JSON)',
			name: 'contactJson',
			type: 'json',
			default: '{\n  "primaryEmail": "john.doe@example.com",\n  "firstName": "John"\n}',
			description:
				'The contact as A2V2 takes it: standard fields at the top level, your own under "customFields"',
			displayOptions: { show: { fieldsMode: ['json'] } },
		},
	];
}

export const createFields = contactFieldsProperties('getContactFields');
export const updateFields = contactFieldsProperties('getContactFieldsForUpdate');

/**
 * The contact body from the node's fields, checked before any request: custom fields nested
 * under `customFields`, tags as a list, only the fields given (so that Update changes only
 * those).
 */
export function contactBody(item: Item, { create }: { create: boolean }): IDataObject {
	const mode = item.param<string>('fieldsMode', 'mapper');
	const body: IDataObject = {};
	const custom: IDataObject = {};
	const parameterOf = (key: string) =>
		mode === 'json' ? `Contact (JSON) "${key}"` : `Contact Fields "${key}"`;

	let values: IDataObject;
	if (mode === 'json') {
		values = jsonObject(item, 'Contact (JSON)', item.param('contactJson', '{}')) as IDataObject;
	} else {
		const mapper = item.param<ResourceMapperValue>('contactFields', {} as ResourceMapperValue);
		values =
			mapper.mappingMode === 'autoMapInputData'
				? { ...item.input.json }
				: (item.param<IDataObject | null>('contactFields.value', {}) ?? {});
	}

	for (const [key, raw] of Object.entries(values)) {
		const value = asDateTime(raw);
		if (key === 'customFields') {
			if (isBlank(value)) continue;
			Object.assign(custom, jsonObject(item, parameterOf('customFields'), value));
		} else if (key.startsWith(CUSTOM_FIELD_PREFIX)) {
			if (!isBlank(value))
				custom[key.slice(CUSTOM_FIELD_PREFIX.length)] = value as IDataObject[string];
		} else if (isBlank(value)) {
			if (mode === 'json' && key === 'externalReferenceId') {
				throw inputError(item.node, item.index, parameterOf(key), 'is empty');
			}
		} else {
			body[key] = value as IDataObject[string];
		}
	}
	if (Object.keys(custom).length) body.customFields = custom;

	if (typeof body.tags === 'string') {
		body.tags = body.tags
			.split(',')
			.map((t) => t.trim())
			.filter(Boolean);
	}
	if (body.tags !== undefined && !Array.isArray(body.tags)) {
		throw inputError(item.node, item.index, parameterOf('tags'), 'must be a list of tags');
	}
	if (create && isBlank(body.primaryEmail)) {
		throw inputError(
			item.node,
			item.index,
			parameterOf('primaryEmail'),
			'is required to create a contact',
		);
	}
	if (body.primaryEmail !== undefined && !isEmail(body.primaryEmail)) {
		throw inputError(
			item.node,
			item.index,
			parameterOf('primaryEmail'),
			`"${String(body.primaryEmail)}" is not an e-mail address`,
		);
	}
	for (const key of DATE_FIELDS) {
		if (body[key] !== undefined && !isDate(body[key])) {
			throw inputError(
				item.node,
				item.index,
				parameterOf(key),
				`"${String(body[key])}" is not a date`,
			);
		}
	}
	if (body.status !== undefined && !CONTACT_STATUSES.includes(String(body.status))) {
		throw inputError(
			item.node,
			item.index,
			parameterOf('status'),
			`"${String(body.status)}" is not one of ${CONTACT_STATUSES.join(', ')}`,
		);
	}
	return body;
}
