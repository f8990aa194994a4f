import { defineResource } from '../../../operations/define';
import { extract } from './extract';
import { getSchemaExamples } from './getSchemaExamples';

export const documentExtraction = defineResource('documentExtraction', 'extract', [
	extract,
	getSchemaExamples,
]);
