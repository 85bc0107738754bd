import type { ActionKind, PreviewDevice } from '../protocol/index.js';
import type { PlannedDevice } from './planner.js';

/** A planned device as the protocol's preview shows it to the widget, with its `offers` when given (`offersFor`). */
export function toPreviewDevice(device: PlannedDevice, offers?: readonly ActionKind[]): PreviewDevice {
  return {
    id: device.id,
    name: device.name,
    model: device.model,
    os: device.os,
    osVersion: device.osVersion,
    serial: device.serial,
    platform: device.platform ?? null,
    lastSeen: device.lastReported,
    enrolled: device.enrollmentStatus.trim().toLowerCase() === 'enrolled',
    ownership: device.ownership,
    ...(offers === undefined ? {} : { offers: [...offers] }),
    warnings: device.warnings,
  };
}
