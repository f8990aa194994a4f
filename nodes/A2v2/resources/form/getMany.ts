import {
	defineOperation,
	filtersCollection,
	returnAllAndLimit,
} from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { contactRefField, statusOptions } from './shared';

export const getMany = defineOperation('form', {
	value: 'getAll',
	name: 'Get Many',
	action: "Get many of a contact's form submissions",
	description:
		"List a contact's form submissions, optionally of one template or status; superseded ones only when asked",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				pathFrom(
					'/forms/contacts/{contact}/chatbots/{agentId}',
					{
						contact: { parameter: 'contactRef', label: 'Contact External Reference ID' },
					},
					'contact with external reference ID "{contact}"',
				),
			],
		},
	},
	fields: [
		contactRefField,
		...returnAllAndLimit,
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
	],
});
