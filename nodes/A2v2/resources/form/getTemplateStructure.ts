import { defineOperation } from '../../../shared/descriptions';
import { pathFrom } from '../../../shared/paths';
import { templateLocator } from './shared';

export const getTemplateStructure = defineOperation('form', {
	value: 'getTemplateStructure',
	name: 'Get Template Structure',
	action: 'Get the structure of a form template',
	description:
		"Get a template's structure with example values (legacy: prefer Get Template Schema)",
	routing: {
		request: { method: 'GET' },
		send: {
			preSend: [
				pathFrom(
					'/forms/templates/{template}/structure/chatbots/{agentId}',
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
