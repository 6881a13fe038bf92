import { Badge, Button, Group, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useApiMutation } from '../api/queries.ts';
import type { LockReason } from '../api/types.ts';
import { useFeedback } from './feedback.ts';

export interface Lockable {
  lockedUntil: string | null;
  lockReason: LockReason | null;
}

/**
 * Whether the account is locked now. A picture lock holds until someone unlocks; a password lock runs out at
 * its time (the server keeps the time after it has passed).
 */
export function isLocked(person: Lockable): boolean {
  if (person.lockedUntil === null) return false;
  return person.lockReason === 'pictures' || new Date(person.lockedUntil).getTime() > Date.now();
}

/** "Wrong password: locked until 14:05" or "Wrong pictures: locked until unlocked"; empty when not locked. */
export function lockText(t: TFunction, language: string, person: Lockable): string {
  if (!isLocked(person) || person.lockedUntil === null) return '';
  if (person.lockReason === 'pictures') return t('lock.untilUnlocked');
  const until = new Date(person.lockedUntil).toLocaleString(language, {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return t('lock.until', { until });
}

export function lockReasonText(t: TFunction, person: Lockable): string {
  return person.lockReason === 'pictures' ? t('lock.reason.pictures') : t('lock.reason.password');
}

/**
 * A person's lock in a dialog: "not locked", or the reason and until when, with "Unlock". Unlocking refreshes
 * every list and overview that shows locks.
 */
export function LockStatus({
  person,
  kind,
  name,
}: {
  person: Lockable & { id: string };
  kind: 'staff' | 'students';
  name: string;
}) {
  const { t, i18n } = useTranslation();
  const feedback = useFeedback();
  const unlock = useApiMutation(
    () => api('POST', `/${kind}/${person.id}/unlock`),
    [kind, 'passwords', 'audit'],
  );
  if (!isLocked(person)) return <Text>{t('lock.notLocked')}</Text>;
  return (
    <Group>
      <Badge color="red" variant="light">
        {t('lock.locked')}
      </Badge>
      <Text>
        {lockReasonText(t, person)} · {lockText(t, i18n.language, person)}
      </Text>
      <Button
        size="xs"
        loading={unlock.isPending}
        aria-label={`${t('lock.unlock')} ${name}`}
        onClick={() =>
          unlock.mutate(undefined, {
            onSuccess: () => feedback.saved(t('lock.unlocked', { name })),
            onError: feedback.failed,
          })
        }
      >
        {t('lock.unlock')}
      </Button>
    </Group>
  );
}
