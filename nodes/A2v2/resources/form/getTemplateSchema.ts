import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { templateLocator, formAddress } from './fields';

export const getTemplateSchema = defineOperation('form', {
	value: 'getTemplateSchema',
	name: 'Get Template Schema',
	action: 'Get the fields of a form template',
	description:
		"Get a template's fields (key, label, type, required, options): the keys to use in form data",
	toolDescription:
		"Get the fields of a form template of the A2V2 CRM by the template ID: each field's key, label, type, whether it is required, and its options. Use the keys as the form data of a submission.",
	routing: route('GET', formAddress.templateSchema),
	fields: [templateLocator],
});
