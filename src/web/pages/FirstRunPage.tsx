import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken } from '../api/client.ts';
import { errorMessage, fieldErrors } from '../components/feedback.ts';
import { PasswordField } from '../components/PasswordField.tsx';
import { PublicFrame } from '../components/PublicFrame.tsx';

/** First run: the one-time setup token from the server log buys a board and its first pakketbeheerder. */
export function FirstRunPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const setup = useQuery({ queryKey: ['setup'], queryFn: () => api<{ required: boolean }>('GET', '/setup') });
  const form = useForm({
    initialValues: {
      token: params.get('token') ?? '',
      boardName: '',
      firstName: '',
      infix: '',
      lastName: '',
      email: '',
      password: '',
    },
    validate: {
      token: (v) => (v.trim() ? null : t('validation.required')),
      boardName: (v) => (v.trim() ? null : t('validation.required')),
      firstName: (v) => (v.trim() ? null : t('validation.required')),
      lastName: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
      password: (v) => (v.length >= 10 ? null : t('validation.passwordLength', { count: 10 })),
    },
  });

  // Once a board exists this page has nothing to offer: the person wants to sign in.
  if (setup.data && !setup.data.required) return <Navigate to="/signin" replace />;

  async function submit(values: typeof form.values) {
    setError(null);
    try {
      const answer = await api<{ csrfToken: string }>('POST', '/setup', {
        ...values,
        token: values.token.trim(),
        infix: values.infix.trim() || null,
        email: values.email.trim(),
      });
      setCsrfToken(answer.csrfToken);
      queryClient.clear();
      navigate('/locations', { replace: true });
    } catch (failure) {
      setError(errorMessage(t, failure));
      form.setErrors(fieldErrors(t, failure));
    }
  }

  return (
    <PublicFrame title={t('firstRun.title')}>
      <Text mb="md">{t('firstRun.intro')}</Text>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label={t('firstRun.token')} required {...form.getInputProps('token')} />
          <TextInput label={t('firstRun.boardName')} required {...form.getInputProps('boardName')} />
          <TextInput label={t('fields.firstName')} required {...form.getInputProps('firstName')} />
          <TextInput label={t('fields.infix')} {...form.getInputProps('infix')} />
          <TextInput label={t('fields.lastName')} required {...form.getInputProps('lastName')} />
          <TextInput label={t('fields.email')} type="email" required {...form.getInputProps('email')} />
          <PasswordField
            label={t('fields.password')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('firstRun.submit')}
          </Button>
        </Stack>
      </form>
    </PublicFrame>
  );
}
