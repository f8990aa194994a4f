import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { templateLocator, formAddress } from './fields';

export const getTemplateStructure = defineOperation('form', {
	value: 'getTemplateStructure',
	name: 'Get Template Structure',
	action: 'Get the structure of a form template',
	description:
		"Get a template's structure with example values (legacy: prefer Get Template Schema)",
	toolDescription:
		'Get the structure of a form template of the A2V2 CRM with example values, by the template ID (prefer the template schema where it is offered).',
	routing: route('GET', formAddress.templateStructure),
	fields: [templateLocator],
});
