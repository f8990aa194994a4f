import { defineOperation } from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { templateLocator } from './shared';

export const getTemplateSchema = defineOperation('form', {
	value: 'getTemplateSchema',
	name: 'Get Template Schema',
	action: 'Get the fields of a form template',
	description:
		"Get a template's fields (key, label, type, required, options): the keys to use in form data",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				pathFrom(
					'/forms/templates/{template}/schema/chatbots/{agentId}',
					{
						template: { parameter: 'template', label: 'Template' },
					},
					'form template "{template}"',
				),
			],
		},
	},
	fields: [templateLocator],
});
