import {
  Alert,
  Anchor,
  Box,
  Button,
  FileInput,
  Group,
  Radio,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api, upload } from '../api/client.ts';
import { useInvalidate } from '../api/queries.ts';
import type { ImportView, Me } from '../api/types.ts';
import { errorMessage } from '../components/feedback.ts';
import {
  ImportsMapping,
  type MappingState,
  mappingOf,
  mappingState,
  sameMapping,
} from '../components/ImportsMapping.tsx';
import { ImportsPreview, ImportsPreviewActions } from '../components/ImportsPreview.tsx';
import { ALERT_STYLES } from '../components/ImportsStatus.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LocationSelect } from '../components/pickers.tsx';
import { adminLocationIds } from '../components/rights.ts';

/** What the server imports; anything else is refused before it is sent. */
const ACCEPTED = ['.csv', '.txt', '.xlsx', '.xml', '.zip'];
const TABULAR = /\.(csv|txt|xlsx)$/i;

type Step = 'upload' | 'mapping' | 'preview';

function accepted(file: File): boolean {
  const name = file.name.toLowerCase();
  return ACCEPTED.some((extension) => name.endsWith(extension));
}

/**
 * Discards a preview while the page itself goes away (a closed tab, a reload, another site): `keepalive` lets the
 * request outlive the page, which `api` cannot promise then. A beacon cannot DELETE or send the CSRF header.
 */
function discardOnLeave(id: string, csrfToken: string): void {
  void fetch(`/api/v1/imports/${id}`, {
    method: 'DELETE',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken },
  }).catch(() => undefined);
}

/** A step's heading; it takes the focus when its step opens, so keyboard and screen reader users start there. */
function StepTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <Title order={3} size="h4" ref={ref} tabIndex={-1}>
      {children}
    </Title>
  );
}

/**
 * A new import in steps: upload the file (with what it holds and where rows without a location go, for CSV and
 * Excel), map its columns (CSV and Excel only), check the preview and apply it. Applying opens the import's own
 * page, which follows the job.
 *
 * A preview holds the file's names on the server until it is applied or discarded, so the wizard discards the
 * preview it made whenever the administrator abandons it: Annuleren on any step, another file chosen, the wizard
 * left for another page of the console, the tab closed. (A 409 there means it was applied or discarded already.)
 */
export function ImportsWizardPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const invalidate = useInvalidate();
  const [kind, setKind] = useState<'student' | 'staff'>('student');
  const [location, setLocation] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [view, setView] = useState<ImportView | null>(null);
  const [mapping, setMapping] = useState<MappingState | null>(null);
  const [previewed, setPreviewed] = useState<MappingState | null>(null);
  const [step, setStep] = useState<Step>('upload');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  /** The preview this wizard made and has not applied or discarded yet; read when the wizard goes away. */
  const previewId = useRef<string | null>(null);
  /** False once the wizard is gone: an upload that answers after that is discarded at once. */
  const mounted = useRef(true);
  const csrfToken = useRef(me.csrfToken);
  csrfToken.current = me.csrfToken;

  // Leaving the wizard for another page of the console discards its preview; nobody waits for the answer.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      const id = previewId.current;
      previewId.current = null;
      if (id) void api('DELETE', `/imports/${id}`).catch(() => undefined);
    };
  }, []);

  // Closing the tab (or reloading it) discards it too. Should the browser keep the page and show it again (the
  // back button), the wizard starts over at the upload: its preview is gone.
  useEffect(() => {
    function onPageHide() {
      const id = previewId.current;
      if (!id) return;
      previewId.current = null;
      discardOnLeave(id, csrfToken.current);
      setView(null);
      setMapping(null);
      setPreviewed(null);
      setStep('upload');
    }
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, []);

  const tabular = view ? !!view.columns : file ? TABULAR.test(file.name) : true;
  const steps: Step[] = tabular ? ['upload', 'mapping', 'preview'] : ['upload', 'preview'];
  const lang = i18n.language === 'en' ? 'en' : 'nl';
  const template = kind === 'staff' ? 'staff' : 'students';

  /** The wizard's preview, forgotten here (the server's copy is discarded by the caller). */
  function forget() {
    setView(null);
    setMapping(null);
    setPreviewed(null);
    setStep('upload');
  }

  /**
   * Discards the current preview and waits for the answer, so the history shows it discarded. A 409 means it is no
   * preview any more; any other failure only leaves it in the history, where the server discards it in time.
   */
  async function discard(): Promise<void> {
    const id = previewId.current;
    if (!id) return;
    previewId.current = null;
    await api('DELETE', `/imports/${id}`).catch(() => undefined);
    await invalidate('imports');
  }

  async function cancel() {
    await discard();
    navigate('/imports');
  }

  function choose(chosen: File | null) {
    setProblem(null);
    if (chosen !== file && previewId.current) {
      // Another file (or none): the preview of the earlier one is of no use any more.
      void discard();
      forget();
    }
    if (chosen && !accepted(chosen)) {
      setFile(null);
      setProblem(t('errors.IMPORT_FORMAT_UNKNOWN'));
      return;
    }
    setFile(chosen);
  }

  /** Sends the file (again, with a mapping when given) for a new preview; the previous preview is discarded. */
  async function send(withMapping?: MappingState) {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    const form = new FormData();
    form.append('kind', kind);
    if (location) form.append('location', location);
    if (withMapping) form.append('mapping', JSON.stringify(mappingOf(withMapping)));
    // The file goes last: the server reads the fields it needs before the file's bytes.
    form.append('file', file, file.name);
    try {
      const next = await upload<ImportView>('/imports', form);
      if (!mounted.current) {
        // The administrator left while the file was on its way: nobody will look at this preview.
        void api('DELETE', `/imports/${next.id}`).catch(() => undefined);
        return;
      }
      // The earlier preview is of no use any more.
      await discard();
      previewId.current = next.id;
      await invalidate('imports');
      setView(next);
      if (next.columns) {
        const matched = mappingState(next.columns.mapping);
        setMapping(matched);
        setPreviewed(matched);
      }
      setStep(next.columns && !withMapping ? 'mapping' : 'preview');
    } catch (error) {
      setProblem(error instanceof ApiError ? errorMessage(t, error) : t('errors.INTERNAL'));
    } finally {
      setBusy(false);
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0] ?? null);
  }

  const mappingChanged = !!mapping && !!previewed && !sameMapping(mapping, previewed);

  return (
    <>
      <PageHeader title={t('imports.new')} />
      <Stepper active={steps.indexOf(step)} size="sm" mb="lg" maw={760}>
        <Stepper.Step label={t('imports.steps.upload')} />
        {tabular && <Stepper.Step label={t('imports.steps.mapping')} />}
        <Stepper.Step label={t('imports.steps.preview')} />
        <Stepper.Step label={t('imports.steps.apply')} />
      </Stepper>

      {problem && (
        <Alert color="red" role="alert" title={t('common.failed')} styles={ALERT_STYLES} mb="md" maw={760}>
          {problem}
        </Alert>
      )}

      {step === 'upload' && (
        <Stack maw={760}>
          <StepTitle>{t('imports.steps.upload')}</StepTitle>
          <Radio.Group
            label={t('imports.upload.kind')}
            description={t('imports.upload.tabularOnly')}
            value={kind}
            onChange={(value) => setKind(value === 'staff' ? 'staff' : 'student')}
          >
            <Group mt="xs">
              <Radio value="student" label={t('nav.students')} />
              <Radio value="staff" label={t('nav.staff')} />
            </Group>
          </Radio.Group>
          <Box
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            p="lg"
            style={{
              border: `2px dashed var(--mantine-color-${dragging ? 'indigo-6' : 'gray-5'})`,
              borderRadius: 'var(--mantine-radius-md)',
              background: dragging ? 'var(--mantine-color-indigo-0)' : undefined,
            }}
          >
            <Stack gap="xs">
              <Text>{t('imports.upload.drop')}</Text>
              <FileInput
                label={t('imports.upload.file')}
                description={t('imports.upload.formats')}
                placeholder={t('imports.upload.choose')}
                accept={ACCEPTED.join(',')}
                value={file}
                onChange={choose}
                clearable
              />
            </Stack>
          </Box>
          <Text size="sm">
            {t('imports.upload.templates')}{' '}
            <Anchor href={`/api/v1/imports/templates/${template}.csv?lang=${lang}`} download>
              {t('imports.upload.templateCsv', { kind: t(`nav.${template}`) })}
            </Anchor>
            {' · '}
            <Anchor href={`/api/v1/imports/templates/${template}.xlsx?lang=${lang}`} download>
              {t('imports.upload.templateXlsx', { kind: t(`nav.${template}`) })}
            </Anchor>
          </Text>
          <LocationSelect
            label={t('imports.upload.location')}
            description={t('imports.upload.locationHelp')}
            placeholder={t('imports.upload.noLocation')}
            only={me.user.isBoardAdmin ? undefined : adminLocationIds(me)}
            clearable
            value={location}
            onChange={setLocation}
          />
          <Group>
            <Button variant="default" onClick={() => void cancel()}>
              {t('actions.cancel')}
            </Button>
            <Button disabled={!file} loading={busy} onClick={() => void send()}>
              {t('imports.upload.submit')}
            </Button>
          </Group>
        </Stack>
      )}

      {step === 'mapping' && view?.columns && mapping && (
        <Stack>
          <StepTitle>{t('imports.steps.mapping')}</StepTitle>
          <ImportsMapping columns={view.columns} kind={kind} value={mapping} onChange={setMapping} />
          <Group>
            <Button variant="default" onClick={() => void cancel()}>
              {t('actions.cancel')}
            </Button>
            <Button variant="default" onClick={() => setStep('upload')}>
              {t('paging.previous')}
            </Button>
            {mappingChanged ? (
              <Button loading={busy} onClick={() => void send(mapping)}>
                {t('imports.mapping.again')}
              </Button>
            ) : (
              <Button onClick={() => setStep('preview')}>{t('paging.next')}</Button>
            )}
          </Group>
        </Stack>
      )}

      {step === 'preview' && view && (
        <Stack>
          <StepTitle>{t('imports.steps.preview')}</StepTitle>
          <ImportsPreview preview={view.preview} />
          <Group>
            <Button variant="default" onClick={() => setStep(tabular ? 'mapping' : 'upload')}>
              {t('paging.previous')}
            </Button>
            <ImportsPreviewActions
              view={view}
              onDiscarded={() => {
                previewId.current = null;
                navigate('/imports');
              }}
              onApplied={(started) => {
                // Applied: no longer the wizard's to discard.
                previewId.current = null;
                navigate(`/imports/${started.id}`);
              }}
            />
          </Group>
        </Stack>
      )}
    </>
  );
}
