// Type-checked only: the React wrappers and the raw tags in React 19 JSX, as an app writes them.
import type {} from '@hexnode-offboard/elements/jsx';
import { OffboardButton, OffboardProvider } from '@hexnode-offboard/elements/react';
import type { OffboardSentEvent } from '@hexnode-offboard/elements/events';

const getToken = async (): Promise<string> => 'token';

export function Wrapped({ email }: { email: string }) {
  return (
    <OffboardProvider endpoint="/api/hexnode-offboard" fetchSessionToken={getToken}>
      <OffboardButton employeeEmail={email} onSent={(event) => console.log(event.detail.actionId)} />
    </OffboardProvider>
  );
}

export function RawTags({ email }: { email: string }) {
  return (
    <hexnode-offboard-provider endpoint="/api/hexnode-offboard" locale="de" fetchSessionToken={getToken}>
      <hexnode-offboard-button
        employee-email={email}
        employeeName="Jane Leaver"
        preload
        poll-interval={500}
        onhexnode-offboard-sent={(event: OffboardSentEvent) => console.log(event.detail.auditId)}
        onhexnode-offboard-complete={(event) => console.log(event.detail.status)}
      />
    </hexnode-offboard-provider>
  );
}

// The typings are really in use: a misspelt property and a wrong type are errors.
// @ts-expect-error -- no such property
export const typo = <hexnode-offboard-button employeeEmial="x" />;
// @ts-expect-error -- pollInterval is a number
export const wrongType = <hexnode-offboard-button pollInterval="fast" />;
