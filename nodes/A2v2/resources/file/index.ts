import { resourceProperties } from '../../../shared/descriptions';
import { deleteFile } from './delete';
import { download, executeDownload } from './download';
import { get } from './get';
import { getDownloadUrl } from './getDownloadUrl';
import { getMany } from './getMany';
import { upload } from './upload';

export const fileProperties = resourceProperties('file', 'upload', [
	upload,
	getMany,
	get,
	getDownloadUrl,
	download,
	deleteFile,
]);

export const fileCustomOperations = {
	[download.option.value as string]: executeDownload,
};
