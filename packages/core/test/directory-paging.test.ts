import assert from 'node:assert/strict';
import { test } from 'node:test';
import { http, HttpResponse } from 'msw';
import { HexnodeDirectory } from '@hexnode-offboard/core';
import { BASE, makeClient, rawUser, recordRequests, use, useMswServer } from './harness.js';

useMswServer();

test('a user list that changes while it is read concurrently is read again, so no user is missed', async () => {
  // Two users per page. Page 1 is served before user 4 is created, page 2 after: the counts disagree.
  let users = [1, 2, 3].map((id) => rawUser(id, `user${id}@acme.example`));
  let servedFirstPage = false;
  use(
    http.get(`${BASE}users/`, ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? 1);
      if (page === 1 && !servedFirstPage) servedFirstPage = true;
      else if (users.length === 3) users = [...users, rawUser(4, 'user4@acme.example')];
      const start = (page - 1) * 2;
      return HttpResponse.json({
        count: users.length,
        next: null,
        previous: null,
        results: users.slice(start, start + 2),
      });
    }),
  );
  const requests = recordRequests();
  const directory = new HexnodeDirectory(makeClient(), { perPage: 2 });
  const result = await directory.lookup('user4@acme.example');
  assert.equal(result.status, 'found');
  assert.deepEqual(
    requests.map((request) => request.url.searchParams.get('page')),
    ['1', '2', '1', '2'],
  );
});

/** DRF pages of `users`, holding at most `cap` items whatever `per_page` asked for. */
function cappedUsers(users: ReturnType<typeof rawUser>[], cap: number) {
  return http.get(`${BASE}users/`, ({ request }) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Math.min(Number(url.searchParams.get('per_page') ?? cap), cap);
    const start = (page - 1) * size;
    if (page > 1 && start >= users.length)
      return HttpResponse.json({ detail: 'Invalid page.' }, { status: 404 });
    return HttpResponse.json({
      count: users.length,
      next: start + size < users.length ? `${BASE}users/?page=${page + 1}&per_page=${size}` : null,
      previous: null,
      results: users.slice(start, start + size),
    });
  });
}

test('a portal that caps pages below the size asked for still has every user read', async () => {
  // Asked for 5 a page, served 2: 7 users on 4 pages, the last user on page 4.
  const users = [1, 2, 3, 4, 5, 6, 7].map((id) => rawUser(id, `user${id}@acme.example`));
  use(cappedUsers(users, 2));
  const requests = recordRequests();
  const directory = new HexnodeDirectory(makeClient(), { perPage: 5 });
  const result = await directory.lookup('user7@acme.example');
  assert.equal(result.status, 'found');
  assert.deepEqual(requests.map((request) => request.url.searchParams.get('page')).sort(), [
    '1',
    '2',
    '3',
    '4',
  ]);
});

test('a duplicate email on a page past the capped page size is still found ambiguous', async () => {
  const users = [1, 2, 3, 4, 5, 6].map((id) => rawUser(id, `user${id}@acme.example`));
  users.push(rawUser(7, 'User2@Acme.Example'));
  use(cappedUsers(users, 3));
  const directory = new HexnodeDirectory(makeClient(), { perPage: 6 });
  const result = await directory.lookup('user2@acme.example');
  assert.equal(result.status, 'ambiguous');
  assert.deepEqual(result.status === 'ambiguous' ? result.users.map((user) => user.id) : [], [2, 7]);
});

test('pages that together hold fewer users than the count are read again, not trusted', async () => {
  // The first read's page 2 comes back one user short (count unchanged); the second read is whole.
  const users = [1, 2, 3, 4, 5].map((id) => rawUser(id, `user${id}@acme.example`));
  let shortServed = false;
  use(
    http.get(`${BASE}users/`, ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? 1);
      const start = (page - 1) * 2;
      let results = users.slice(start, start + 2);
      if (page === 2 && !shortServed) {
        shortServed = true;
        results = results.slice(0, 1);
      }
      return HttpResponse.json({ count: users.length, next: null, previous: null, results });
    }),
  );
  const requests = recordRequests();
  const directory = new HexnodeDirectory(makeClient(), { perPage: 2 });
  const result = await directory.lookup('user4@acme.example');
  assert.equal(result.status, 'found');
  assert.equal(requests.length, 6);
});
