import { resourceProperties } from '../../../shared/descriptions';
import { get } from './get';
import { getLatest } from './getLatest';
import { getMany } from './getMany';
import { getTemplates } from './getTemplates';
import { getTemplateSchema } from './getTemplateSchema';
import { getTemplateStructure } from './getTemplateStructure';
import { submit } from './submit';
import { executeSubmitMany, submitMany } from './submitMany';
import { update } from './update';

export const formProperties = resourceProperties('form', 'submit', [
	submit,
	submitMany,
	getMany,
	get,
	getLatest,
	update,
	getTemplates,
	getTemplateSchema,
	getTemplateStructure,
]);

export const formCustomOperations = {
	[submitMany.option.value as string]: executeSubmitMany,
};
