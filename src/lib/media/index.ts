export {
	PhotoLibrary,
	type PhotoLibraryOptions,
	type PhotoResult,
	type PhotoSize,
	type AddedPhoto
} from './photo-library.ts';
export type { PortablePhoto } from './portable.ts';
export { UploadQueue, type UploadStatus, type QueueBlock, type UploadQueueOptions } from './upload-queue.ts';
export { afterFailure, type RetryPolicy } from './upload-failure.ts';
export {
	fetchTransport,
	type BlobTransport,
	type FetchTransportOptions,
	type UploadProgress
} from './transport.ts';
export {
	preparePhoto,
	makeThumbnail,
	photoProcessor,
	browserCodec,
	fitWithin,
	sha256Hex,
	type PreparedPhoto,
	type PhotoProcessor,
	type ImageCodec,
	type DecodedImage,
	type ProcessOptions,
	type Thumbnail
} from './process.ts';
export { evictPhotos, DEFAULT_CAP_BYTES, type EvictionOptions, type EvictionReport } from './eviction.ts';
export { openPhotoDb, photoDbName, type PhotoDb, type PhotoRow, type UploadRow } from './photo-db.ts';
export { PHOTO_ERROR_CODES, PhotoError, BlobTransportError, type PhotoErrorCode } from './errors.ts';
export { systemClock, type Clock } from './clock.ts';
export type { BackoffOptions } from './backoff.ts';
