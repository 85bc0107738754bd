/** Builds a fleet one user and one device at a time: ids in creation order, every random value from one stream. */
import { imei, int, pick, type Random } from '../random.js';
import type { SimDevice, SimUser } from '../types.js';
import { deviceName, serialFor, udidFor, type Model } from './models.js';

export const DAY = 86_400_000;
export const MINUTE = 60_000;

export class FleetBuilder {
  readonly users: SimUser[] = [];
  readonly devices: SimDevice[] = [];

  constructor(
    readonly random: Random,
    /** Epoch ms the fleet is built at; every time in it is relative to this. */
    readonly now: number,
  ) {}

  user(name: string, email: string | null, domain = 'local', phoneno: string | null = ''): SimUser {
    const created: SimUser = { id: this.users.length + 1, name, email, phoneno, domain };
    this.users.push(created);
    return created;
  }

  /** A device of `model`; `init` overrides the generated fields. The random draws keep this order. */
  device(model: Model, userId: number | null, init: Partial<SimDevice> = {}): SimDevice {
    const { random, now } = this;
    const created: SimDevice = {
      id: this.devices.length + 1,
      name: deviceName(random, model, this.users[(userId ?? 0) - 1]?.name),
      modelName: model.modelName,
      model: model.model,
      manufacturer: model.manufacturer,
      platform: model.platform,
      deviceType: model.deviceType,
      osName: model.osName,
      osVersion: pick(random, model.osVersions),
      serial: serialFor(random, model),
      udid: udidFor(random, model.platform),
      imei: model.deviceType === 'laptop' ? '' : imei(random),
      userId,
      ownership: 'corporate',
      alternateEmail: null,
      enrollmentStatus: 'enrolled',
      enrolledTime: now - int(random, 30, 900) * DAY - int(random, 0, DAY),
      lastReported: now - int(random, 1, 30 * MINUTE),
      disenrolledTime: null,
      online: true,
      compliant: random() > 0.08,
      lostMode: false,
      locked: false,
      batteryLevel: int(random, 12, 100),
      isSupervised: model.platform === 'ios' || model.platform === 'macos',
      isKiosk: false,
      ...init,
    };
    this.devices.push(created);
    return created;
  }
}
