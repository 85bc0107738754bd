/** The client's users: list, page, get and create. */
import { z } from 'zod';
import { createUserBody } from '../hexnode/catalogue.js';
import { userSchema } from '../hexnode/schemas.js';
import type { HexnodeUser } from '../hexnode/types.js';
import { checkId, checkPerPage, ListEndpoint, type PageOptions } from './paging.js';
import type { Query, Transport } from './transport.js';

export interface UserListOptions extends PageOptions {
  orderBy?: 'asc' | 'desc';
  userType?: 'local' | 'active directory';
  enrollmentStatus?: 'enrolled' | 'unenrolled';
}

export interface NewUser {
  name: string;
  email: string;
  phoneno?: string;
  password?: string;
}

const userQuery = (options: UserListOptions): Query => ({
  per_page: checkPerPage(options.perPage),
  order_by: options.orderBy,
  user_type: options.userType,
  enrollment_status: options.enrollmentStatus,
});

export class UsersResource extends ListEndpoint<typeof userSchema, UserListOptions> {
  constructor(transport: Transport) {
    super(transport, 'users/', userSchema, userQuery);
  }

  get(id: number): Promise<HexnodeUser> {
    return this.transport.request({
      method: 'GET',
      path: `users/${checkId(id, 'user id')}/`,
      schema: userSchema,
    });
  }

  /** Creates a user (name and email required). Not retried. */
  async create(input: NewUser): Promise<HexnodeUser> {
    if (!input || typeof input.name !== 'string' || input.name.trim() === '') {
      throw new TypeError('users.create: `name` is required.');
    }
    if (typeof input.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(input.email.trim())) {
      throw new TypeError('users.create: `email` must be an email address.');
    }
    const created = await this.transport.request({
      method: 'POST',
      path: 'users/',
      body: createUserBody({ ...input, name: input.name.trim(), email: input.email.trim() }),
      // [G] the reply: the user, or a one-element list of it (see catalogue.ts).
      schema: z.union([userSchema, z.tuple([userSchema])]),
    });
    return Array.isArray(created) ? created[0] : created;
  }
}
