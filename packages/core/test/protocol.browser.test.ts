import { expect } from '@open-wc/testing';
import { ActionRequest, ERROR_CODES, ROUTES } from '@hexnode-offboard/core/protocol';

describe('protocol schemas in the browser', () => {
  it('reject a smuggled device group selector', () => {
    const result = ActionRequest.safeParse({
      employee: { email: 'jane@acme.example' },
      action: 'lock',
      deviceIds: [1],
      confirmation: 'jane@acme.example',
      devicegroups: [3],
    });
    expect(result.success).to.equal(false);
  });

  it('encode action ids in status routes', () => {
    expect(ROUTES.action('a/b')).to.equal('/actions/a%2Fb');
    expect(ERROR_CODES).to.include('idempotency_conflict');
  });
});
