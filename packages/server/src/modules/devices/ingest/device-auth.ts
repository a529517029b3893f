import { AppError } from '../../../errors.ts';
import type { DeviceInfo } from '../device-cache.ts';
import type { DeviceServices } from './services.ts';

/** The active device an HTTP request's `Authorization: Bearer <device token>` belongs to, or 401. */
export async function deviceOfRequest(
  services: DeviceServices,
  authorization: string | undefined,
): Promise<DeviceInfo> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const d = token ? await services.devices.byTokenValue(token) : null;
  if (!d) throw new AppError('DEVICE_UNAUTHENTICATED', 'Send the device token: Authorization: Bearer rld_…');
  return d;
}
