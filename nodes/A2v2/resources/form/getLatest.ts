import { defineOperation } from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { contactRefField, templateLocator } from './shared';

export const getLatest = defineOperation('form', {
	value: 'getLatest',
	name: 'Get Latest',
	action: "Get a contact's latest submission of a template",
	description: 'Get the latest (not superseded) submission of a template for a contact',
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				pathFrom(
					'/forms/contacts/{contact}/templates/{template}/latest/chatbots/{agentId}',
					{
						contact: { parameter: 'contactRef', label: 'Contact External Reference ID' },
						template: { parameter: 'template', label: 'Template' },
					},
					'latest submission of form template "{template}" for the contact with external reference ID "{contact}"',
				),
			],
		},
	},
	fields: [contactRefField, templateLocator],
});
