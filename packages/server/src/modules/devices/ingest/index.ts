/**
 * The ingest layer of the devices module — device events in over MQTT and HTTP, checked, queued,
 * committed in batches through the rules to alarms. Ingest may use the module's repositories and
 * domain (device and rule caches, cross-checks, raise-alarms); the rest of the module, and the
 * entry points and demo, use ingest only through this file.
 */
export { deviceServices, DeviceServices, type AcceptReport } from './services.ts';
export { startDeviceIngest, type RunningIngest } from './start.ts';
export { commitBatch, type BatchContext } from './batch.ts';
export type { IngestItem } from './pipeline.ts';
export { eventLoopDelay } from './loop-delay.ts';
export { isapiToEvent } from './isapi.ts';
export { deviceOfRequest } from './device-auth.ts';
