import { fixed, route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';

export const getSchemaExamples = defineOperation('documentExtraction', {
	value: 'getSchemaExamples',
	name: 'Get Schema Examples',
	action: 'Get example extraction schemas',
	description:
		"List A2V2's example extraction schemas (invoice, medical, resume, …), one item per example",
	toolDescription:
		"List A2V2's example extraction schemas (invoice, medical, resume and more): each example's name, description and schema of fields.",
	routing: route('GET', fixed('/document-extraction/schema-examples', 'the extraction examples')),
});
