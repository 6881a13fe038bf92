import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { useApiMutation } from '../api/queries.ts';
import type { Staff } from '../api/types.ts';
import { useFeedback } from './feedback.ts';
import { LockStatus } from './LockStatus.tsx';
import { confirmReplace, ShownPassword } from './StudentCredentials.tsx';

/**
 * A staff member's temporary password (readable by administrators until the member chooses their own; reading
 * is audited, so only on request), a new one, and their lock.
 */
export function StaffCredentials({ staff }: { staff: Staff }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const [shown, setShown] = useState<{ password: string | null; fresh: boolean } | null>(null);
  const read = useApiMutation(
    () => api<{ temporaryPassword: string }>('GET', `/staff/${staff.id}/password`),
    ['audit'],
  );
  const reset = useApiMutation(
    () => api<{ temporaryPassword: string }>('PUT', `/staff/${staff.id}/password`, {}),
    ['staff', 'audit'],
  );

  async function onReset() {
    const confirmed = await confirmReplace(
      t,
      t('credentials.confirmNewStaffPassword', { name: staff.displayName }),
      t('credentials.newStaffPassword'),
    );
    if (!confirmed) return;
    reset.mutate(undefined, {
      onSuccess: ({ temporaryPassword }) => {
        setShown({ password: temporaryPassword, fresh: true });
        feedback.saved(t('credentials.newPasswordSet'));
      },
      onError: feedback.failed,
    });
  }

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('passwords.temporaryPassword')}
        </Title>
        <Group>
          <Button
            variant="default"
            loading={read.isPending}
            onClick={() =>
              read.mutate(undefined, {
                onSuccess: ({ temporaryPassword }) => setShown({ password: temporaryPassword, fresh: false }),
                onError: (error) => {
                  if (error instanceof ApiError && error.code === 'PASSWORD_NOT_READABLE')
                    setShown({ password: null, fresh: false });
                  else feedback.failed(error);
                },
              })
            }
          >
            {t('credentials.showStaffPassword')}
          </Button>
          <Button variant="default" loading={reset.isPending} onClick={() => void onReset()}>
            {t('credentials.newStaffPassword')}
          </Button>
        </Group>
        {shown?.password && (
          <ShownPassword
            label={shown.fresh ? t('credentials.newTemporaryPassword') : t('passwords.temporaryPassword')}
            password={shown.password}
          />
        )}
        {shown && shown.password === null && <Text role="status">{t('credentials.chosenByStaff')}</Text>}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('lock.status')}
        </Title>
        <LockStatus person={staff} kind="staff" name={staff.displayName} />
      </Stack>
    </Stack>
  );
}
