/** The client's devices: list, page, the device detail and its commands' states. */
import { commandSchema } from '../hexnode/catalogue.js';
import { deviceDetailSchema, deviceSchema } from '../hexnode/schemas.js';
import type { HexnodeCommand, HexnodeDeviceDetail } from '../hexnode/types.js';
import {
  checkId,
  checkPerPage,
  followItems,
  ListEndpoint,
  MAX_PER_PAGE,
  type PageOptions,
} from './paging.js';
import type { Query, Transport } from './transport.js';

export interface DeviceListOptions extends PageOptions {
  orderBy?: 'asc' | 'desc';
  platform?: 'ios' | 'android' | 'windows' | (string & {});
  isActive?: boolean;
  deviceType?: 'smartphone' | 'tablet';
}

const deviceQuery = (options: DeviceListOptions): Query => ({
  per_page: checkPerPage(options.perPage),
  order_by: options.orderBy,
  platform: options.platform,
  is_active: options.isActive === undefined ? undefined : options.isActive ? 'True' : 'False',
  device_type: options.deviceType,
});

export class DevicesResource extends ListEndpoint<typeof deviceSchema, DeviceListOptions> {
  constructor(transport: Transport) {
    super(transport, 'devices/', deviceSchema, deviceQuery);
  }

  /** The device detail (nested shape, flattened): the one place with the user's email. */
  get(id: number): Promise<HexnodeDeviceDetail> {
    return this.transport.request({
      method: 'GET',
      path: `devices/${checkId(id, 'device id')}/`,
      schema: deviceDetailSchema,
    });
  }

  /** The device's commands and their states (every page). The item shape is unconfirmed, see catalogue.ts. */
  async actionStatus(id: number): Promise<HexnodeCommand[]> {
    const commands: HexnodeCommand[] = [];
    const path = `devices/${checkId(id, 'device id')}/action_status/`;
    for await (const command of followItems(this.transport, path, commandSchema, {
      per_page: MAX_PER_PAGE,
    })) {
      commands.push(command);
    }
    return commands;
  }
}
