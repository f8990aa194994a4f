import { resourceProperties } from '../../../shared/descriptions';
import { executeExtract, extract } from './extract';
import { getSchemaExamples } from './getSchemaExamples';

export const documentExtractionProperties = resourceProperties('documentExtraction', 'extract', [
	extract,
	getSchemaExamples,
]);

export const documentExtractionCustomOperations = {
	[extract.option.value as string]: executeExtract,
};
