import { resourceProperties } from '../../../shared/descriptions';
import { archive } from './archive';
import { create, executeCreate } from './create';
import { createOrUpdate, executeCreateOrUpdate } from './createOrUpdate';
import { get } from './get';
import { getMany } from './getMany';
import { getSchema } from './getSchema';
import { executeUpdate, update } from './update';

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
	[create.option.value as string]: executeCreate,
	[update.option.value as string]: executeUpdate,
	[createOrUpdate.option.value as string]: executeCreateOrUpdate,
};
