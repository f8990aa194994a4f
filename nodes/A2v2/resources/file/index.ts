import { resourceProperties } from '../../../shared/descriptions';
import { upload } from './upload';

export const fileProperties = resourceProperties('file', 'upload', [upload]);
