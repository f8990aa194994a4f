import type { IDataObject, INode, INodeProperties, ResourceMapperValue } from 'n8n-workflow';

import { asDateTime, isBlank } from '../../../shared/bodyValues';
import { CUSTOM_FIELD_PREFIX } from '../../methods/schemaFields';
import { inputError, isDate, isEmail, jsonObject } from '../../../shared/validation';
import { CONTACT_STATUSES } from '../../../shared/contact';

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

type Getter = (name: string, fallback: unknown) => unknown;

/**
 * The contact body from the node's fields, checked before any request: custom fields nested
 * under `customFields`, tags as a list, only the fields given (so that Update changes only
 * those).
 */
export function contactBody(
	node: INode,
	itemIndex: number,
	get: Getter,
	inputItem: IDataObject,
	{ create }: { create: boolean },
): IDataObject {
	const mode = get('fieldsMode', 'mapper') as string;
	const body: IDataObject = {};
	const custom: IDataObject = {};
	const parameterOf = (key: string) =>
		mode === 'json' ? `Contact (JSON) "${key}"` : `Contact Fields "${key}"`;

	let values: IDataObject;
	if (mode === 'json') {
		values = jsonObject(node, itemIndex, 'Contact (JSON)', get('contactJson', '{}')) as IDataObject;
	} else {
		const mapper = get('contactFields', {}) as ResourceMapperValue;
		values =
			mapper.mappingMode === 'autoMapInputData'
				? { ...inputItem }
				: ((get('contactFields.value', {}) as IDataObject | null) ?? {});
	}

	for (const [key, raw] of Object.entries(values)) {
		const value = asDateTime(raw);
		if (key === 'customFields') {
			if (isBlank(value)) continue;
			Object.assign(custom, jsonObject(node, itemIndex, parameterOf('customFields'), value));
		} else if (key.startsWith(CUSTOM_FIELD_PREFIX)) {
			if (!isBlank(value))
				custom[key.slice(CUSTOM_FIELD_PREFIX.length)] = value as IDataObject[string];
		} else if (isBlank(value)) {
			if (mode === 'json' && key === 'externalReferenceId') {
				throw inputError(node, itemIndex, parameterOf(key), 'is empty');
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
		throw inputError(node, itemIndex, parameterOf('tags'), 'must be a list of tags');
	}
	if (create && isBlank(body.primaryEmail)) {
		throw inputError(
			node,
			itemIndex,
			parameterOf('primaryEmail'),
			'is required to create a contact',
		);
	}
	if (body.primaryEmail !== undefined && !isEmail(body.primaryEmail)) {
		throw inputError(
			node,
			itemIndex,
			parameterOf('primaryEmail'),
			`"${String(body.primaryEmail)}" is not an e-mail address`,
		);
	}
	for (const key of DATE_FIELDS) {
		if (body[key] !== undefined && !isDate(body[key])) {
			throw inputError(node, itemIndex, parameterOf(key), `"${String(body[key])}" is not a date`);
		}
	}
	if (body.status !== undefined && !CONTACT_STATUSES.includes(String(body.status))) {
		throw inputError(
			node,
			itemIndex,
			parameterOf('status'),
			`"${String(body.status)}" is not one of ${CONTACT_STATUSES.join(', ')}`,
		);
	}
	return body;
}
