import { addressFrom } from '../../../operations/address';
import { address } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { contactRefField, templateLocator } from './fields';

export const getLatest = defineOperation('form', {
	value: 'getLatest',
	name: 'Get Latest',
	action: "Get a contact's latest submission of a template",
	description: 'Get the latest (not superseded) submission of a template for a contact',
	toolDescription:
		"Get a contact's latest submission of one form template in the A2V2 CRM, by the contact's external reference ID and the template ID: its form data, status and notes.",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				address(
					addressFrom(
						'/forms/contacts/{contact}/templates/{template}/latest/chatbots/{agentId}',
						{
							contact: { parameter: 'contactRef', label: 'Contact External Reference ID' },
							template: { parameter: 'template', label: 'Template' },
						},
						'latest submission of form template "{template}" for the contact with external reference ID "{contact}"',
					),
				),
			],
		},
	},
	fields: [contactRefField, templateLocator],
});
