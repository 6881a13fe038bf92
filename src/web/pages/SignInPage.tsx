import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';
import { applyLanguage } from '../i18n/index.ts';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api<{ required: boolean }>('GET', '/setup') });
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('validation.email')),
      password: (value) => (value ? null : t('validation.required')),
    },
  });

  if (setup.data?.required) return <Navigate to="/setup" replace />;

  async function submit(values: typeof form.values) {
    setError(null);
    try {
      const answer = await api<{ user: User; csrfToken: string }>('POST', '/auth/login', {
        email: values.email.trim(),
        password: values.password,
      });
      setCsrfToken(answer.csrfToken);
      applyLanguage(answer.user.language);
      queryClient.clear();
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/signin' ? from : '/', { replace: true });
    } catch (failure) {
      setError(errorMessage(t, failure));
    }
  }

  return (
    <PublicFrame title={t('signIn.title')}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
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
        </Stack>
      </form>
    </PublicFrame>
  );
}
