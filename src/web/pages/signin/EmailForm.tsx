import { Button, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { PasswordField } from '../../components/PasswordField.tsx';
import { Notice } from './Notice.tsx';
import { login, type SessionAnswer, signInFailure } from './signin-api.ts';

/** "Sign in with e-mail": for staff, and for children whose method is e-mail or whose names are not shown here. */
export function EmailForm({ onSignedIn }: { onSignedIn: (answer: SessionAnswer) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const empty = {
      email: email.trim() === '' ? t('validation.required') : undefined,
      password: password === '' ? t('validation.required') : undefined,
    };
    setMissing(empty);
    if (empty.email || empty.password) return;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login({ email: email.trim(), password }));
    } catch (failure) {
      // Grown-ups read the console's words for a wrong e-mail address or password; the rest is the same.
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('errors.INVALID_CREDENTIALS')
          : signInFailure(t, failure),
      );
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={480}>
        {error && <Notice>{error}</Notice>}
        <TextInput
          label={t('fields.email')}
          type="email"
          size="lg"
          autoComplete="username"
          autoCapitalize="none"
          required
          value={email}
          error={missing.email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordField
          label={t('fields.password')}
          size="lg"
          autoComplete="current-password"
          required
          value={password}
          error={missing.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" size="lg" loading={busy}>
          {t('schoolSignIn.signIn')}
        </Button>
      </Stack>
    </form>
  );
}
