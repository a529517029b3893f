import { DeviceEventV1 } from './events.ts';

/** The event contract as a standalone JSON Schema document (draft 2019-09 keywords, no TypeBox symbols). */
export function eventJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(DeviceEventV1)) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    ...plain,
    description:
      'One event from a device (sensor, monitor, AI camera, gate) to Redline, over MQTT (topic redline/v1/{regionCode}/{siteId}/{deviceCode}/events, QoS 1) or HTTP (POST /api/ingest/events). The same eventId from the same device is stored once.',
  };
}
