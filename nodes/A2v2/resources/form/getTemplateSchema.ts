import { addressFrom } from '../../../operations/address';
import { address } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { templateLocator } from './fields';

export const getTemplateSchema = defineOperation('form', {
	value: 'getTemplateSchema',
	name: 'Get Template Schema',
	action: 'Get the fields of a form template',
	description:
		"Get a template's fields (key, label, type, required, options): the keys to use in form data",
	toolDescription:
		"Get the fields of a form template of the A2V2 CRM by the template ID: each field's key, label, type, whether it is required, and its options. Use the keys as the form data of a submission.",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				address(
					addressFrom(
						'/forms/templates/{template}/schema/chatbots/{agentId}',
						{ template: { parameter: 'template', label: 'Template' } },
						'form template "{template}"',
					),
				),
			],
		},
	},
	fields: [templateLocator],
});
