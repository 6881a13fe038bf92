import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation } from '../api/queries.ts';
import { useFeedback } from './feedback.ts';

/**
 * "Tweestapsverificatie uitzetten" in the staff dialog, for a staff member who lost their phone: after a
 * confirmation their codes and recovery codes stop working, and the password alone signs them in again (or they
 * set it up anew where the board requires it). The server decides who may (staff.mfa.reset).
 */
export function StaffMfaReset({ staff }: { staff: { id: string; displayName: string } }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const reset = useApiMutation(() => api('DELETE', `/staff/${staff.id}/mfa`), ['audit']);
  const name = staff.displayName;

  function ask() {
    modals.openConfirmModal({
      title: t('mfa.reset.title'),
      children: <Text>{t('mfa.reset.confirm', { name })}</Text>,
      labels: { confirm: t('mfa.reset.button'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        reset.mutate(undefined, {
          onSuccess: () => feedback.saved(t('mfa.reset.done', { name })),
          onError: feedback.failed,
        }),
    });
  }

  return (
    <Stack gap="xs" mt="xl">
      <Title order={3} size="h5">
        {t('mfa.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('mfa.reset.help')}
      </Text>
      <Group>
        <Button variant="default" color="red" loading={reset.isPending} onClick={ask}>
          {t('mfa.reset.button')}
        </Button>
      </Group>
    </Stack>
  );
}
