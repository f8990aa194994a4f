import { output, outputFields } from '../../../fields/output';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { contactRefField, templateLocator, formAddress } from './fields';

export const getLatest = defineOperation('form', {
	value: 'getLatest',
	name: 'Get Latest',
	action: "Get a contact's latest submission of a template",
	description: 'Get the latest (not superseded) submission of a template for a contact',
	toolDescription:
		"Get a contact's latest submission of one form template in the A2V2 CRM, by the contact's external reference ID and the template ID: its form data, status and notes.",
	routing: route('GET', formAddress.latestSubmission, output('submission')),
	fields: [contactRefField, templateLocator, ...outputFields('submission')],
});
