import { contactLocator } from '../../../fields/contact';
import { route } from '../../../operations/declarative';
import { defineOperation } from '../../../operations/define';
import { fileAddress, fileIdField } from './address';

export const getDownloadUrl = defineOperation('file', {
	value: 'getDownloadUrl',
	name: 'Get Download URL',
	action: 'Get a temporary download URL of a file',
	description: 'Get a signed, temporary URL to download the file, and when it expires',
	toolDescription:
		'Get a temporary link to download one file of a contact in the A2V2 CRM, and when the link expires.',
	routing: route('GET', (item) => fileAddress(item, '/signed-url')),
	fields: [contactLocator, fileIdField],
});
