import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A message in large print for young readers: red ones (a wrong answer, a lock) are announced at once (role
 * alert), blue ones (why only the e-mail form shows) are read with the page.
 */
export function Notice({ tone = 'error', children }: { tone?: 'error' | 'info'; children: ReactNode }) {
  return (
    <Alert
      color={tone === 'error' ? 'red' : 'blue'}
      role={tone === 'error' ? 'alert' : undefined}
      variant="light"
      py="xs"
      classNames={{ message: 'school-notice' }}
    >
      {children}
    </Alert>
  );
}
