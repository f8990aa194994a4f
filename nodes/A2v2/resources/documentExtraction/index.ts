import { defineResource } from '../../../shared/descriptions';
import { extract } from './extract';
import { getSchemaExamples } from './getSchemaExamples';

export const documentExtraction = defineResource('documentExtraction', 'extract', [
	extract,
	getSchemaExamples,
]);
