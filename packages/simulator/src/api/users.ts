/** `/users/` and `/users/{id}/`: list, create, read, update, delete. */
import { CREATE_USER_REPLIES_WITH_OBJECT, DELETE_STATUS, MESSAGES } from '../guesses.js';
import { badRequest, detail, HttpError, json, noContent } from '../http.js';
import { userItem } from '../shapes.js';
import type { SimUser } from '../types.js';
import { fail, oneObject, stringField } from './body.js';
import type { ApiContext } from './context.js';
import { ordered, paginate } from './paging.js';

export function listUsers(ctx: ApiContext): Response {
  const query = ctx.url.searchParams;
  let users: readonly SimUser[] = ctx.state.users;
  const userType = query.get('user_type');
  if (userType) users = users.filter((u) => u.domain === userType);
  const enrollment = query.get('enrollment_status');
  if (enrollment === 'enrolled' || enrollment === 'unenrolled') {
    const enrolled = (u: SimUser) =>
      ctx.state.deviceIdsOf(u.id).some((id) => ctx.state.device(id)?.enrollmentStatus === 'enrolled');
    users = users.filter((u) => enrolled(u) === (enrollment === 'enrolled'));
  }
  return paginate(ctx, ordered(ctx, users), (u) => userItem(ctx.state, u, ctx.drift));
}

function findUser(ctx: ApiContext): SimUser {
  const user = ctx.state.user(Number(ctx.params[0]));
  if (!user) throw new HttpError(detail(404, MESSAGES.notFound));
  return user;
}

export function getUser(ctx: ApiContext): Response {
  return json(200, userItem(ctx.state, findUser(ctx), ctx.drift));
}

/** `POST /users/` takes a one-element list `[{name, email, phoneno?, password?}]` [P]; an object works too. */
export function createUser(ctx: ApiContext): Response {
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const name = stringField(body, 'name', true, errors);
  const email = stringField(body, 'email', true, errors);
  const phoneno = stringField(body, 'phoneno', false, errors);
  stringField(body, 'password', false, errors);
  if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(email))
    errors['email'] = ['Enter a valid email address.'];
  if (Object.keys(errors).length > 0) {
    throw new HttpError(badRequest(Array.isArray(ctx.body) ? [errors] : errors));
  }
  const user: SimUser = {
    id: ctx.state.nextUserId(),
    name: name ?? '',
    email: email ?? null,
    phoneno: phoneno ?? '',
    domain: 'local',
  };
  ctx.state.addUser(user);
  const item = userItem(ctx.state, user, ctx.drift);
  return json(201, CREATE_USER_REPLIES_WITH_OBJECT || !Array.isArray(ctx.body) ? item : [item]);
}

export function updateUser(ctx: ApiContext): Response {
  const user = findUser(ctx);
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const name = stringField(body, 'name', false, errors);
  const email = stringField(body, 'email', false, errors);
  const phoneno = stringField(body, 'phoneno', false, errors);
  fail(errors);
  if (typeof name === 'string') user.name = name;
  if (email !== undefined) user.email = email;
  if (phoneno !== undefined) user.phoneno = phoneno;
  return json(200, userItem(ctx.state, user, ctx.drift));
}

export function deleteUser(ctx: ApiContext): Response {
  const user = findUser(ctx);
  ctx.state.deleteUser(user.id, ctx.now);
  return noContent(DELETE_STATUS);
}
