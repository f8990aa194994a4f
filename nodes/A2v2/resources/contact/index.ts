import { defineResource } from '../../../operations/define';
import { archive } from './archive';
import { create } from './create';
import { createOrUpdate } from './createOrUpdate';
import { get } from './get';
import { getMany } from './getMany';
import { getSchema } from './getSchema';
import { update } from './update';

export const contact = defineResource('contact', 'create', [
	create,
	createOrUpdate,
	get,
	getMany,
	update,
	archive,
	getSchema,
]);
