import type {
	IDataObject,
	INodeProperties,
	ResourceMapperField,
	ResourceMapperValue,
} from 'n8n-workflow';

import { asDate, isBlank, jsonObject } from '../../../fields/values';
import { addressFrom } from '../../../operations/address';
import type { Item } from '../../../operations/item';
import { inputError } from '../../../transport/errors';

const SUBMISSION_STATUSES = [
	'draft',
	'submitted',
	'under_review',
	'approved',
	'rejected',
	'archived',
];

export const statusOptions = SUBMISSION_STATUSES.map((value) => ({
	name: value.replace('_', ' ').replace(/^\w/, (c) => c.toUpperCase()),
	value,
}));

/** The form template: from the agent's templates (searchable), or by its ID. */
export const templateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'template',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The form template',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 6650a1b2c3d4e5f6a7b8c901',
		},
	],
};

export const contactRefField: INodeProperties = {
	displayName: 'Contact External Reference ID',
	name: 'contactRef',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. USER_12345',
	description: "The contact's external reference ID (form endpoints address contacts by it)",
};

export const submissionIdField: INodeProperties = {
	displayName: 'Submission ID',
	name: 'submissionId',
	type: 'string',
	required: true,
	default: '',
	description: 'The ID of the form submission (_ID)',
};

/** Form data: the template's fields in a mapper (reloaded when the template changes), or JSON. */
export const formDataFields: INodeProperties[] = [
	{
		displayName: 'Form Data Input',
		name: 'formDataMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Fields',
				value: 'mapper',
				description: "Fill in the template's fields, loaded from its schema",
			},
			{ name: 'JSON', value: 'json', description: 'Give the form data as a JSON object' },
		],
		default: 'mapper',
	},
	{
		displayName: 'Form Data',
		name: 'formFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['template.value', 'formDataMode'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { formDataMode: ['mapper'] } },
	},
	{
		displayName: 'Form Data (JSON)',
		name: 'formDataJson',
		type: 'json',
		default: '{}',
		description: "The form data keyed by the template's field keys (see Get Template Schema)",
		displayOptions: { show: { formDataMode: ['json'] } },
	},
];

/** The form data from an item's fields, required template fields checked before any request. */
export function formData(item: Item): IDataObject {
	if (item.param('formDataMode', 'mapper') === 'json') {
		return jsonObject(item, 'Form Data (JSON)', item.param('formDataJson', '{}')) as IDataObject;
	}
	const mapper = item.param<ResourceMapperValue>('formFields', {} as ResourceMapperValue);
	const values =
		mapper.mappingMode === 'autoMapInputData'
			? { ...item.input.json }
			: (item.param<IDataObject | null>('formFields.value', {}) ?? {});
	const data: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (!isBlank(value)) data[key] = asDate(value) as IDataObject[string];
	}
	for (const field of (mapper.schema ?? []) as ResourceMapperField[]) {
		if (field.required && !field.removed && isBlank(data[field.id])) {
			throw inputError(
				item.node,
				item.index,
				`Form Data "${field.displayName}"`,
				'is required by the template',
			);
		}
	}
	return data;
}

/** A status from the documented set, checked before any request. */
export function submissionStatus(item: Item, value: unknown): string {
	const status = String(value);
	if (!SUBMISSION_STATUSES.includes(status)) {
		throw inputError(
			item.node,
			item.index,
			'Status',
			`"${status}" is not one of ${SUBMISSION_STATUSES.join(', ')}`,
		);
	}
	return status;
}

/** Options of a submission, shared by Submit and Submit Many. */
export const submissionOptions: INodeProperties = {
	displayName: 'Options',
	name: 'submitOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			description: 'Your own ID for this submission',
		},
		{
			displayName: 'Submission Notes',
			name: 'submissionNotes',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
		},
	],
};

/** The fields of a submission: Submit's and Submit Many's. */
export const submissionFields: INodeProperties[] = [
	templateLocator,
	contactRefField,
	...formDataFields,
	submissionOptions,
];

/** The body of one submission: its form data and options, checked before any request. */
export function submissionBody(item: Item): IDataObject {
	const options = item.param<IDataObject>('submitOptions', {});
	const body: IDataObject = { formData: formData(item) };
	if (String(options.submissionNotes ?? '').trim())
		body.submissionNotes = String(options.submissionNotes).trim();
	if (String(options.clientId ?? '').trim()) body.clientId = String(options.clientId).trim();
	return body;
}

const submissionParameter = { parameter: 'submissionId', label: 'Submission ID' };
const contactParameter = { parameter: 'contactRef', label: 'Contact External Reference ID' };
const templateParameter = { parameter: 'template', label: 'Template' };

/** The addresses of the form endpoints, from an item's fields. */
export const formAddress = {
	submission: addressFrom(
		'/forms/submissions/{submission}/chatbots/{agentId}',
		{ submission: submissionParameter },
		'form submission "{submission}"',
	),
	contactSubmissions: addressFrom(
		'/forms/contacts/{contact}/chatbots/{agentId}',
		{ contact: contactParameter },
		'contact with external reference ID "{contact}"',
	),
	latestSubmission: addressFrom(
		'/forms/contacts/{contact}/templates/{template}/latest/chatbots/{agentId}',
		{ contact: contactParameter, template: templateParameter },
		'latest submission of form template "{template}" for the contact with external reference ID "{contact}"',
	),
	templateSchema: addressFrom(
		'/forms/templates/{template}/schema/chatbots/{agentId}',
		{ template: templateParameter },
		'form template "{template}"',
	),
	templateStructure: addressFrom(
		'/forms/templates/{template}/structure/chatbots/{agentId}',
		{ template: templateParameter },
		'form template "{template}"',
	),
	submit: addressFrom(
		'/forms/submit/{template}/contacts/{contact}',
		{ template: templateParameter, contact: contactParameter },
		'form template "{template}" or contact with external reference ID "{contact}"',
	),
};
