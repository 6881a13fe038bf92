import { Button, Group, Loader, Stack, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/feedback.ts';
import { Notice } from './Notice.tsx';
import {
  fetchPictures,
  login,
  type Picture,
  type SessionAnswer,
  type SignInStudent,
  signInFailure,
} from './signin-api.ts';

/** A new random order (Fisher–Yates); the set itself is left as it is. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * The picture grid: every picture of the set, the chosen ones in slots above it with an undo button. When the
 * last slot fills, the page signs in at once; a wrong sequence empties the slots (and shuffles the grid again
 * when the board shuffles).
 */
export function PictureStep({
  intro,
  back,
  student,
  sequenceLength,
  shuffle,
  onSignedIn,
}: {
  /** The child's avatar and the step's heading, in one row with the slots to save height on a Chromebook. */
  intro: ReactNode;
  back: ReactNode;
  student: SignInStudent;
  sequenceLength: number;
  shuffle: boolean;
  onSignedIn: (answer: SessionAnswer) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'nl';
  const pictures = useQuery({
    queryKey: ['signin', 'pictures', language],
    queryFn: () => fetchPictures(language),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [order, setOrder] = useState<Picture[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);
  const grid = useRef<HTMLUListElement>(null);

  const arrange = (set: readonly Picture[]) => (shuffle ? shuffled(set) : [...set]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new order only for a new set (or language), not on every render
  useEffect(() => {
    if (pictures.data) setOrder(arrange(pictures.data));
  }, [pictures.data]);

  // After a wrong try the keyboard starts again at the first picture (the tapped one was disabled meanwhile).
  useEffect(() => {
    if (failures > 0) grid.current?.querySelector('button')?.focus();
  }, [failures]);

  const byId = new Map((pictures.data ?? []).map((picture) => [picture.id, picture]));

  async function submit(sequence: string[]) {
    setBusy(true);
    try {
      onSignedIn(await login({ personId: student.id, pictureSequence: sequence }));
    } catch (failure) {
      setError(signInFailure(t, failure));
      setChosen([]);
      if (pictures.data) setOrder(arrange(pictures.data));
      setBusy(false);
      setFailures((count) => count + 1);
    }
  }

  function choose(picture: Picture) {
    if (busy || chosen.length >= sequenceLength) return;
    const next = [...chosen, picture.id];
    setChosen(next);
    setError(null);
    if (next.length === sequenceLength) void submit(next);
  }

  const slots = Array.from({ length: sequenceLength }, (_, index) => chosen[index]);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Group gap="xl" align="center">
          {intro}
          <ul className="school-slots" aria-label={t('schoolSignIn.chosenPictures')}>
            {slots.map((id, index) => {
              const picture = id ? byId.get(id) : undefined;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: the place is the identity
                <li key={index} className={`school-slot${picture ? ' school-slot--filled' : ''}`}>
                  {picture ? (
                    <img src={picture.url} alt={picture.label} />
                  ) : (
                    <VisuallyHidden>{t('schoolSignIn.emptySlot')}</VisuallyHidden>
                  )}
                </li>
              );
            })}
          </ul>
          <Button
            size="lg"
            variant="default"
            disabled={chosen.length === 0 || busy}
            onClick={() => setChosen(chosen.slice(0, -1))}
          >
            {t('schoolSignIn.undo')}
          </Button>
          {busy && <Loader size="md" aria-label={t('schoolSignIn.signingIn')} />}
        </Group>
        {back}
      </Group>
      {error && <Notice>{error}</Notice>}
      {pictures.isPending && <Loader aria-label={t('schoolSignIn.loading')} />}
      {pictures.error && <Notice>{errorMessage(t, pictures.error)}</Notice>}
      <VisuallyHidden aria-live="polite">
        {t('schoolSignIn.chosenCount', { chosen: chosen.length, total: sequenceLength })}
      </VisuallyHidden>
      <ul ref={grid} className="school-pictures" aria-label={t('schoolSignIn.pictures')}>
        {order.map((picture) => (
          <li key={picture.id}>
            <button type="button" className="school-picture" disabled={busy} onClick={() => choose(picture)}>
              <img src={picture.url} alt="" />
              <span>{picture.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
