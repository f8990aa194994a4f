import { resourceProperties } from '../../../shared/descriptions';
import { archive } from './archive';
import { create } from './create';
import { createOrUpdate, executeCreateOrUpdate } from './createOrUpdate';
import { get } from './get';
import { getMany } from './getMany';
import { getSchema } from './getSchema';
import { update } from './update';

export const contactProperties = resourceProperties('contact', 'create', [
	create,
	createOrUpdate,
	get,
	getMany,
	update,
	archive,
	getSchema,
]);

export const contactCustomOperations = {
	[createOrUpdate.option.value as string]: executeCreateOrUpdate,
};
