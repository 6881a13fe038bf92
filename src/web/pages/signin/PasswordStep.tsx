import { Button, Stack } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField.tsx';
import { Notice } from './Notice.tsx';
import { login, type SessionAnswer, type SignInStudent, signInFailure } from './signin-api.ts';

/** A big password field and "Sign in"; a wrong password empties the field for the next try. */
export function PasswordStep({
  student,
  onSignedIn,
}: {
  student: SignInStudent;
  onSignedIn: (answer: SessionAnswer) => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (password === '') {
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login({ personId: student.id, password }));
    } catch (failure) {
      setError(signInFailure(t, failure));
      setPassword('');
      setBusy(false);
      field.current?.focus();
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        {error && <Notice>{error}</Notice>}
        <PasswordField
          ref={field}
          label={t('schoolSignIn.password')}
          size="xl"
          autoComplete="current-password"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          // The child just tapped their name: the next thing to do is type.
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" size="xl" loading={busy}>
          {t('schoolSignIn.signIn')}
        </Button>
      </Stack>
    </form>
  );
}
