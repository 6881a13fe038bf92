import { TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export interface NameValues {
  firstName: string;
  infix: string;
  lastName: string;
}

export function nameValidation(t: TFunction) {
  const name = (v: string) =>
    v.trim() ? (v.length > 100 ? t('validation.max', { count: 100 }) : null) : t('validation.required');
  return {
    firstName: name,
    lastName: name,
    infix: (v: string) => (v.length > 20 ? t('validation.max', { count: 20 }) : null),
  };
}

export function NameFields<V extends NameValues>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput label={t('fields.firstName')} required data-autofocus {...form.getInputProps('firstName')} />
      <TextInput
        label={t('fields.infix')}
        description={t('fields.infixHelp')}
        {...form.getInputProps('infix')}
      />
      <TextInput label={t('fields.lastName')} required {...form.getInputProps('lastName')} />
    </>
  );
}

export function trimmedNames(values: NameValues) {
  return {
    firstName: values.firstName.trim(),
    infix: values.infix.trim() || null,
    lastName: values.lastName.trim(),
  };
}
