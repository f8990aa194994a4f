import { defineResource } from '../../../operations/define';
import { get } from './get';
import { getLatest } from './getLatest';
import { getMany } from './getMany';
import { getTemplates } from './getTemplates';
import { getTemplateSchema } from './getTemplateSchema';
import { getTemplateStructure } from './getTemplateStructure';
import { submit } from './submit';
import { submitMany } from './submitMany';
import { update } from './update';

export const form = defineResource('form', 'submit', [
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
