import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { CodeField } from '../components/TwoStepVerification.tsx';
import { applyLanguage } from '../i18n/index.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [forgetting, setForgetting] = useState(false);
  /** After MFA_REQUIRED: the code from the app, or a recovery code; the password stays in the form. */
  const [secondStep, setSecondStep] = useState<'app' | 'recovery' | null>(null);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api<{ required: boolean }>('GET', '/setup') });
  const form = useForm({
    initialValues: { email: '', password: '', code: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('validation.email')),
      password: (value) => (value ? null : t('validation.required')),
    },
  });

  if (setup.data?.required) return <Navigate to="/setup" replace />;
  if (forgetting) {
    return <ForgotPassword email={form.values.email.trim()} onBack={() => setForgetting(false)} />;
  }

  async function submit(values: typeof form.values) {
    setError(null);
    if (secondStep && !values.code.trim()) {
      form.setFieldError('code', t('validation.required'));
      return;
    }
    try {
      const answer = await api<{ user: User; csrfToken: string }>('POST', '/auth/login', {
        email: values.email.trim(),
        password: values.password,
        ...(secondStep ? { totpCode: values.code.trim() } : {}),
      });
      setCsrfToken(answer.csrfToken);
      applyLanguage(answer.user.language);
      queryClient.clear();
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/signin' ? from : '/', { replace: true });
    } catch (failure) {
      const code = failure instanceof ApiError ? failure.code : null;
      if (code === 'MFA_REQUIRED') {
        setSecondStep('app');
        return;
      }
      form.setFieldValue('code', '');
      setError(
        secondStep && code === 'INVALID_CREDENTIALS' ? t('signIn.codeWrong') : errorMessage(t, failure),
      );
    }
  }

  if (secondStep) {
    const other = secondStep === 'app' ? 'recovery' : 'app';
    return (
      <PublicFrame title={t('signIn.title')}>
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <Text>{secondStep === 'app' ? t('signIn.codeIntro') : t('signIn.recoveryIntro')}</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <CodeField
              key={secondStep}
              label={secondStep === 'app' ? t('signIn.code') : t('signIn.recoveryCode')}
              recovery={secondStep === 'recovery'}
              data-autofocus
              {...form.getInputProps('code')}
            />
            <Button type="submit" loading={form.submitting}>
              {t('signIn.submit')}
            </Button>
            <Group justify="space-between">
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  setError(null);
                  form.setFieldValue('code', '');
                  setSecondStep(other);
                }}
              >
                {other === 'recovery' ? t('signIn.useRecoveryCode') : t('signIn.useApp')}
              </Anchor>
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  setError(null);
                  form.setValues({ password: '', code: '' });
                  setSecondStep(null);
                }}
              >
                {t('forgot.back')}
              </Anchor>
            </Group>
          </Stack>
        </form>
      </PublicFrame>
    );
  }

  const passwordSet = (location.state as { passwordSet?: boolean } | null)?.passwordSet === true;
  return (
    <PublicFrame title={t('signIn.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {passwordSet && !error && (
            <Alert color="green" role="status">
              {t('signIn.passwordSetSignInWithCode')}
            </Alert>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('fields.email')}
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={t('fields.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('signIn.submit')}
          </Button>
          <Group justify="center">
            <Anchor component="button" type="button" size="sm" onClick={() => setForgetting(true)}>
              {t('signIn.forgot')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </PublicFrame>
  );
}

/**
 * "Forgot password": asks for the e-mail address and mails a reset link. The server answers the same whether
 * or not the address is known, and so does this page.
 */
function ForgotPassword({ email, onBack }: { email: string; onBack: () => void }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email },
    validate: { email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('validation.email')) },
  });

  async function submit(values: typeof form.values) {
    setError(null);
    try {
      await api('POST', '/auth/forgot', { email: values.email.trim() });
      setSent(true);
    } catch (failure) {
      setError(errorMessage(t, failure));
    }
  }

  const back = (
    <Group justify="center">
      <Anchor component="button" type="button" size="sm" onClick={onBack}>
        {t('forgot.back')}
      </Anchor>
    </Group>
  );
  return (
    <PublicFrame title={t('forgot.title')}>
      {sent ? (
        <Stack>
          <Alert color="green" role="status">
            {t('forgot.sent')}
          </Alert>
          {back}
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack>
            <Text>{t('forgot.intro')}</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="username"
              required
              data-autofocus
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={form.submitting}>
              {t('forgot.submit')}
            </Button>
            {back}
          </Stack>
        </form>
      )}
    </PublicFrame>
  );
}
