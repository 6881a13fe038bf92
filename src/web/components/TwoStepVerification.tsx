import './two-step.css';
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Image,
  List,
  Stack,
  Text,
  TextInput,
  type TextInputProps,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { errorMessage, useFeedback } from './feedback.ts';

interface Enrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/**
 * The field for a code from the authenticator app: six digits, filled in by the phone's keyboard and, where the
 * browser offers it, from a one-time-code suggestion. With `recovery`, a recovery code is accepted as well.
 */
export function CodeField({ recovery = false, ...props }: TextInputProps & { recovery?: boolean }) {
  return (
    <TextInput
      autoComplete="one-time-code"
      inputMode={recovery ? 'text' : 'numeric'}
      spellCheck={false}
      maxLength={recovery ? 32 : 6}
      required
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}

/** A printable copy placed straight under <body>: while it is on the page, printing shows only it. */
function PrintOnly({ children }: { children: ReactNode }) {
  return createPortal(<div className="two-step-print-only">{children}</div>, document.body);
}

/**
 * Recovery codes, shown once: a list to copy or print, and a button to say they are kept safe. `onDone` runs
 * when the person is finished with them.
 */
export function RecoveryCodes({ codes, me, onDone }: { codes: string[]; me: Me; onDone: () => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      feedback.saved(t('mfa.recovery.copied'));
    } catch {
      feedback.failed(undefined);
    }
  }
  const list = (
    <List listStyleType="none" className="two-step-codes" aria-label={t('mfa.recovery.title')}>
      {codes.map((code) => (
        <List.Item key={code}>
          <Code>{code}</Code>
        </List.Item>
      ))}
    </List>
  );
  return (
    <Stack>
      <Title order={3} size="h5">
        {t('mfa.recovery.title')}
      </Title>
      <Alert color="yellow" role="note">
        {t('mfa.recovery.intro')}
      </Alert>
      {list}
      <Group>
        <Button variant="default" onClick={() => void copy()}>
          {t('mfa.recovery.copy')}
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          {t('mfa.recovery.print')}
        </Button>
        <Button onClick={onDone}>{t('mfa.recovery.done')}</Button>
      </Group>
      <PrintOnly>
        <h1>{t('mfa.recovery.printTitle', { name: me.user.displayName, board: me.board.name })}</h1>
        <p>{t('mfa.recovery.intro')}</p>
        <ul>
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
      </PrintOnly>
    </Stack>
  );
}

/**
 * Setting up an authenticator app: start, scan the QR code (or type the key), confirm with a code.
 * `onConfirmed` gets the recovery codes, which the caller shows once (RecoveryCodes).
 */
export function TotpEnrolment({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [starting, setStarting] = useState(false);
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : t('mfa.codeFormat')) },
  });

  async function start() {
    setStarting(true);
    try {
      setEnrolment(await api<Enrolment>('POST', '/me/mfa/totp'));
    } catch (error) {
      feedback.failed(error);
    } finally {
      setStarting(false);
    }
  }

  async function confirm(values: typeof form.values) {
    try {
      const answer = await api<{ recoveryCodes: string[] }>('POST', '/me/mfa/totp/confirm', {
        code: values.code.trim(),
      });
      feedback.saved(t('mfa.enabled'));
      onConfirmed(answer.recoveryCodes);
    } catch (error) {
      form.setErrors({ code: errorMessage(t, error) });
    }
  }

  if (!enrolment) {
    return (
      <Group>
        <Button onClick={() => void start()} loading={starting}>
          {t('mfa.setUp')}
        </Button>
      </Group>
    );
  }
  return (
    <form onSubmit={form.onSubmit(confirm)} noValidate>
      <Stack maw={480}>
        <Text>{t('mfa.scan')}</Text>
        <Image src={enrolment.qrDataUrl} alt={t('mfa.qrAlt')} w={200} h={200} className="two-step-qr" />
        <Text size="sm">{t('mfa.secretHelp')}</Text>
        <Code block aria-label={t('mfa.secretLabel')} data-testid="totp-secret">
          {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Code>
        <CodeField label={t('mfa.code')} description={t('mfa.codeHelp')} {...form.getInputProps('code')} />
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('mfa.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** An action that needs a current code (or a recovery code): new recovery codes, or turning it off. */
function CodeAction({
  label,
  help,
  color,
  run,
}: {
  label: string;
  help: string;
  color?: string;
  run: (code: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (v.trim() ? null : t('validation.required')) },
  });
  if (!open) {
    return (
      <Button variant="default" color={color} onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  }
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await run(values.code.trim());
        } catch (error) {
          form.setErrors({ code: errorMessage(t, error) });
        }
      })}
    >
      <Stack maw={480}>
        <Text size="sm">{help}</Text>
        <CodeField label={t('mfa.codeOrRecovery')} recovery data-autofocus {...form.getInputProps('code')} />
        <Group>
          <Button type="submit" color={color} loading={form.submitting}>
            {label}
          </Button>
          <Button variant="subtle" onClick={() => setOpen(false)}>
            {t('actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Tweestapsverificatie" on My profile: set it up, new recovery codes, or turn it off. Staff only. */
export function TwoStepSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const feedback = useFeedback();
  const queryClient = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me'] });
  const { mfa } = me;

  if (codes) {
    return <RecoveryCodes codes={codes} me={me} onDone={() => setCodes(null)} />;
  }
  return (
    <Stack gap="md">
      <Text>{t('mfa.intro')}</Text>
      <Group gap="xs">
        <Badge color={mfa.enabled ? 'green' : 'gray'} variant="light">
          {mfa.enabled ? t('mfa.on') : t('mfa.off')}
        </Badge>
        {mfa.enabled && <Text size="sm">{t('mfa.recoveryCodesLeft', { count: mfa.recoveryCodesLeft })}</Text>}
      </Group>
      {mfa.required && (
        <Text size="sm" c="dimmed">
          {t('mfa.requiredByBoard')}
        </Text>
      )}
      {!mfa.enabled && (
        <TotpEnrolment
          onConfirmed={(recoveryCodes) => {
            setCodes(recoveryCodes);
            void refresh();
          }}
        />
      )}
      {mfa.enabled && (
        <Stack gap="sm" align="flex-start">
          <CodeAction
            label={t('mfa.renew')}
            help={t('mfa.renewHelp')}
            run={async (code) => {
              const answer = await api<{ recoveryCodes: string[] }>('POST', '/me/mfa/recovery-codes', {
                code,
              });
              setCodes(answer.recoveryCodes);
            }}
          />
          {!mfa.required && (
            <CodeAction
              label={t('mfa.disable')}
              help={t('mfa.disableHelp')}
              color="red"
              run={async (code) => {
                await api('DELETE', '/me/mfa/totp', { code });
                feedback.saved(t('mfa.disabled'));
                await refresh();
              }}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}
