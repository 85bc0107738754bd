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
