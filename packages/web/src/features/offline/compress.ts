/**
 * Photos are compressed on the device before they are queued (storage on a phone is finite, and the
 * server refuses files over its limit), keeping the capture time and GPS: the EXIF segment (APP1) of
 * the original JPEG is copied into the compressed one, which a canvas would otherwise drop.
 */

/** The longest side and the size a queued photo is brought down to. */
export const PHOTO_MAX_SIDE = 2048;
export const PHOTO_MAX_BYTES = 1024 * 1024;

/** The APP1 "Exif" segment of a JPEG (marker included), or null. */
export function exifSegment(jpeg: Uint8Array): Uint8Array | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1];
    const len = (jpeg[i + 2] << 8) | jpeg[i + 3];
    if (marker === 0xda || marker === 0xd9) break; // start of scan: no more headers
    if (
      marker === 0xe1 &&
      jpeg[i + 4] === 0x45 && // E
      jpeg[i + 5] === 0x78 && // x
      jpeg[i + 6] === 0x69 && // i
      jpeg[i + 7] === 0x66 // f
    )
      return jpeg.slice(i, i + 2 + len);
    i += 2 + len;
  }
  return null;
}

/** The JPEG with this EXIF segment put right after its start marker (replacing none: a canvas writes none). */
export function withExif(jpeg: Uint8Array, exif: Uint8Array | null): Uint8Array {
  if (!exif || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const out = new Uint8Array(jpeg.length + exif.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(exif, 2);
  out.set(jpeg.subarray(2), 2 + exif.length);
  return out;
}

/**
 * A photo ready to queue: unchanged when already small enough (its bytes, EXIF and all), else
 * re-encoded as JPEG at most PHOTO_MAX_SIDE on its longest side, quality lowered until it fits,
 * with the original EXIF copied in.
 */
export async function compressPhoto(file: File, maxBytes = PHOTO_MAX_BYTES): Promise<Blob> {
  if (file.size <= maxBytes || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file; // HEIC and others the browser cannot decode: sent as they are (the server checks)
  }
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  const exif = file.type === 'image/jpeg' ? exifSegment(new Uint8Array(await file.arrayBuffer())) : null;
  let quality = 0.85;
  let blob: Blob | null = null;
  while (quality >= 0.4) {
    blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
    if (blob && blob.size + (exif?.length ?? 0) <= maxBytes) break;
    quality -= 0.15;
  }
  if (!blob) return file;
  const bytes = withExif(new Uint8Array(await blob.arrayBuffer()), exif);
  return new Blob([bytes as BlobPart], { type: 'image/jpeg' });
}

/** Space left on the device: a warning below this share of the quota or 50 MB. */
export async function storageWarning(): Promise<{ usage: number; quota: number; low: boolean } | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  if (!quota) return null;
  const free = quota - usage;
  return { usage, quota, low: free < 50 * 1024 * 1024 || usage / quota > 0.9 };
}
