import './credentials.css';
import { Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { useApiMutation, useBoard } from '../api/queries.ts';
import type { Me, Student } from '../api/types.ts';
import { useFeedback } from './feedback.ts';
import { LockStatus } from './LockStatus.tsx';
import { PicturePicker, PictureSequence } from './PicturePicker.tsx';
import { isAnyAdmin } from './rights.ts';

const ROOTS = ['students', 'passwords', 'audit'] as const;

/** Asks before replacing a credential the person may be using; resolves true when confirmed. */
export function confirmReplace(t: TFunction, message: string, confirm: string): Promise<boolean> {
  return new Promise((resolve) => {
    modals.openConfirmModal({
      title: t('common.confirmTitle'),
      children: <Text>{message}</Text>,
      labels: { confirm, cancel: t('actions.cancel') },
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
      onClose: () => resolve(false),
    });
  });
}

/** A password shown on request: large, in a font where 1/l and 0/O differ, and announced when it appears. */
export function ShownPassword({ label, password }: { label: string; password: string }) {
  return (
    <Text role="status">
      {label}: <Code fz="lg">{password}</Code>
    </Text>
  );
}

/** "Show password" and "New password" for a student; reading is audited, so it happens only on request. */
function StudentPassword({ me, student }: { me: Me; student: Student }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const board = useBoard();
  const [shown, setShown] = useState<{ password: string | null; fresh: boolean } | null>(null);
  const [resetRefused, setResetRefused] = useState(false);
  const read = useApiMutation(
    () => api<{ temporaryPassword: string }>('GET', `/students/${student.id}/password`),
    ['audit'],
  );
  const reset = useApiMutation(
    () => api<{ temporaryPassword: string }>('PUT', `/students/${student.id}/password`, {}),
    [...ROOTS],
  );
  // The server decides; this only leaves out a button a teacher could not use.
  const mayReset =
    !resetRefused && (isAnyAdmin(me) || board.data?.settings.teachersMayResetPasswords === true);

  function onRead() {
    read.mutate(undefined, {
      onSuccess: ({ temporaryPassword }) => setShown({ password: temporaryPassword, fresh: false }),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'PASSWORD_NOT_READABLE')
          setShown({ password: null, fresh: false });
        else feedback.failed(error);
      },
    });
  }

  async function onReset() {
    const confirmed = await confirmReplace(
      t,
      t('credentials.confirmNewPassword', { name: student.displayName }),
      t('credentials.newPassword'),
    );
    if (!confirmed) return;
    reset.mutate(undefined, {
      onSuccess: ({ temporaryPassword }) => {
        setShown({ password: temporaryPassword, fresh: true });
        feedback.saved(t('credentials.newPasswordSet'));
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 403) setResetRefused(true);
        feedback.failed(error);
      },
    });
  }

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('fields.password')}
      </Title>
      <Group>
        <Button variant="default" loading={read.isPending} onClick={onRead}>
          {t('credentials.showPassword')}
        </Button>
        {mayReset && (
          <Button variant="default" loading={reset.isPending} onClick={() => void onReset()}>
            {t('credentials.newPassword')}
          </Button>
        )}
      </Group>
      {shown?.password && (
        <ShownPassword
          label={shown.fresh ? t('credentials.newTemporaryPassword') : t('passwords.temporaryPassword')}
          password={shown.password}
        />
      )}
      {shown && shown.password === null && <Text role="status">{t('credentials.chosenByStudent')}</Text>}
    </Stack>
  );
}

/** The picture password: show it, a new random one, or one composed in the picker. */
function StudentPictures({ student }: { student: Student }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const board = useBoard();
  const [sequence, setSequence] = useState<string[] | null>(null);
  const [picking, setPicking] = useState(false);
  const pickerRef = useRef<HTMLElement>(null);
  // The picker opens below the buttons: keyboard and screen-reader users are taken to it.
  useEffect(() => {
    if (picking) pickerRef.current?.focus();
  }, [picking]);
  const read = useApiMutation(
    () => api<{ pictureSequence: string[] | null }>('GET', `/students/${student.id}/pictures`),
    ['audit'],
  );
  const set = useApiMutation(
    (pictureSequence?: string[]) =>
      api<{ pictureSequence: string[] }>(
        'PUT',
        `/students/${student.id}/pictures`,
        pictureSequence ? { pictureSequence } : {},
      ),
    [...ROOTS],
  );
  const length = board.data?.settings.pictureSequenceLength ?? 2;

  function save(pictureSequence?: string[]) {
    set.mutate(pictureSequence, {
      onSuccess: (answer) => {
        setSequence(answer.pictureSequence);
        setPicking(false);
        feedback.saved(t('credentials.picturesSet'));
      },
      onError: feedback.failed,
    });
  }

  async function onRandom() {
    if (
      student.hasPicturePassword &&
      !(await confirmReplace(
        t,
        t('credentials.confirmNewPictures', { name: student.displayName }),
        t('credentials.newPictures'),
      ))
    )
      return;
    save();
  }

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('passwords.pictures')}
      </Title>
      {!student.hasPicturePassword && sequence === null && (
        <Text c="dimmed">{t('credentials.noPictures')}</Text>
      )}
      <Group>
        {student.hasPicturePassword && (
          <Button
            variant="default"
            loading={read.isPending}
            onClick={() =>
              read.mutate(undefined, {
                onSuccess: (answer) => setSequence(answer.pictureSequence),
                onError: feedback.failed,
              })
            }
          >
            {t('credentials.showPictures')}
          </Button>
        )}
        <Button variant="default" loading={set.isPending && !picking} onClick={() => void onRandom()}>
          {t('credentials.newPictures')}
        </Button>
        <Button variant="default" disabled={picking} onClick={() => setPicking(true)}>
          {t('credentials.choosePictures')}
        </Button>
      </Group>
      {sequence && (
        <div role="status" aria-label={t('passwords.pictures')}>
          <PictureSequence sequence={sequence} size={48} />
        </div>
      )}
      {/* In the tab, not in a dialog over the drawer: Escape there would close the drawer too. */}
      {picking && (
        <Paper
          component="section"
          withBorder
          p="sm"
          aria-label={t('credentials.choosePicturesFor', { name: student.displayName })}
          tabIndex={-1}
          ref={pickerRef}
        >
          <PicturePicker
            length={length}
            saving={set.isPending}
            onSave={(chosen) => save(chosen)}
            onCancel={() => setPicking(false)}
          />
        </Paper>
      )}
    </Stack>
  );
}

/**
 * The credentials part of a student's "Sign-in" tab: password, picture password and lock. Teachers of the
 * student's group see it too (they hand out passwords and unlock); the server checks each action.
 */
export function StudentCredentials({ me, student }: { me: Me; student: Student }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <StudentPassword me={me} student={student} />
      <StudentPictures student={student} />
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('lock.status')}
        </Title>
        <LockStatus person={student} kind="students" name={student.displayName} />
      </Stack>
    </Stack>
  );
}
