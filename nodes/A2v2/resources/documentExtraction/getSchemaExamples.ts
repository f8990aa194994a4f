import { defineOperation } from '../../../shared/descriptions';

export const getSchemaExamples = defineOperation('documentExtraction', {
	value: 'getSchemaExamples',
	name: 'Get Schema Examples',
	action: 'Get example extraction schemas',
	description:
		"List A2V2's example extraction schemas (invoice, medical, resume, …), one item per example",
	routing: {
		request: { method: 'GET', url: '/document-extraction/schema-examples' },
	},
});
