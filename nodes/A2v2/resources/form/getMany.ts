import { filtersCollection } from '../../../fields/common';
import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation, listFields } from '../../../operations/define';
import { contactRefField, statusOptions, formAddress } from './fields';

export const getMany = defineOperation('form', {
	value: 'getAll',
	name: 'Get Many',
	action: "Get many of a contact's form submissions",
	description:
		"List a contact's form submissions, optionally of one template or status; superseded ones only when asked",
	toolDescription:
		"List a contact's form submissions in the A2V2 CRM, by the contact's external reference ID, optionally of one template or status. Returns each submission's ID, template, form data, status and dates.",
	routing: route('GET', formAddress.contactSubmissions, output('submission')),
	fields: [
		contactRefField,
		...listFields,
		filtersCollection([
			{
				displayName: 'Include Superseded',
				name: 'includeSuperseded',
				type: 'boolean',
				default: false,
				description: 'Whether to include submissions replaced by a later one',
				routing: {
					send: {
						type: 'query',
						property: 'includeSuperseded',
						value: '={{ $value ? "true" : "false" }}',
					},
				},
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: statusOptions,
				default: 'submitted',
				routing: { send: { type: 'query', property: 'status' } },
			},
			{
				displayName: 'Template ID',
				name: 'templateId',
				type: 'string',
				default: '',
				routing: { send: { type: 'query', property: 'templateId' } },
			},
		]),
		...outputFields('submission'),
	],
});
