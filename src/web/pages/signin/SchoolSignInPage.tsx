import './signin.css';
import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, setCsrfToken } from '../../api/client.ts';
import { errorMessage } from '../../components/feedback.ts';
import { applyLanguage, type Language } from '../../i18n/index.ts';
import { Avatar } from './Avatar.tsx';
import { type CardLookup, CardScanner } from './CardScanner.tsx';
import { EmailForm } from './EmailForm.tsx';
import { Notice } from './Notice.tsx';
import { PasswordStep } from './PasswordStep.tsx';
import { PictureStep } from './PictureStep.tsx';
import { SchoolFrame } from './SchoolFrame.tsx';
import {
  fetchCard,
  fetchGroupStudents,
  fetchSignInPage,
  type SessionAnswer,
  type SignInGroup,
  type SignInPageData,
  type SignInStudent,
} from './signin-api.ts';
import { GroupTiles, NameTiles, shortName } from './Tiles.tsx';

type Step =
  | { kind: 'groups' }
  | { kind: 'names'; group: SignInGroup }
  | { kind: 'secret'; group: SignInGroup; student: SignInStudent }
  | { kind: 'email'; back: Step };

function asLanguage(language: string): Language {
  return language === 'en' ? 'en' : 'nl';
}

/** The step's heading takes focus when the step changes, so keyboard and screen reader users start there. */
function StepHeading({ children }: { children: string }) {
  return (
    <Title order={2} size="h2" tabIndex={-1} className="school-step-heading" data-step-heading>
      {children}
    </Title>
  );
}

function BackButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="xl" variant="default" leftSection={<span aria-hidden="true">←</span>} onClick={onClick}>
      {t('schoolSignIn.back')}
    </Button>
  );
}

/** Step 2: the group's children. */
function NamesStep({
  code,
  group,
  onChoose,
}: {
  code: string;
  group: SignInGroup;
  onChoose: (student: SignInStudent) => void;
}) {
  const { t } = useTranslation();
  const students = useQuery({
    queryKey: ['signin', code, 'group', group.id],
    queryFn: () => fetchGroupStudents(code, group.id),
  });
  if (students.isPending) return <Loader aria-label={t('schoolSignIn.loading')} />;
  if (students.error)
    return (
      <Notice>
        {students.error instanceof ApiError && students.error.code === 'NETWORK_NOT_ALLOWED'
          ? t('schoolSignIn.outsideNetwork')
          : errorMessage(t, students.error)}
      </Notice>
    );
  if (students.data.students.length === 0) return <Text size="lg">{t('schoolSignIn.noStudents')}</Text>;
  return <NameTiles students={students.data.students} onChoose={onChoose} />;
}

/**
 * The public sign-in page of a school (`/s/{location code}`), made for young children on Chromebooks and tablets:
 * tap the group, tap your name, type your password or tap your pictures. A sign-in card (`?card=CODE`, or
 * scanned) skips the first two steps. Outside the school's networks the page shows only the e-mail form.
 */
export function SchoolSignInPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'groups' });
  const [scanning, setScanning] = useState(false);
  const [cardError, setCardError] = useState<string | null>(null);
  const scanButton = useRef<HTMLButtonElement>(null);
  const page = useQuery({ queryKey: ['signin', code], queryFn: () => fetchSignInPage(code) });
  const data = page.data;

  // The school's language on arrival; the language links switch it after that.
  const languageApplied = useRef(false);
  useEffect(() => {
    if (data && !languageApplied.current) {
      languageApplied.current = true;
      applyLanguage(asLanguage(data.language));
    }
  }, [data]);

  // A new step starts at its heading (the password step focuses its field itself).
  const firstStep = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for every new step; the heading is found in the DOM
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    document.querySelector<HTMLElement>('[data-step-heading]')?.focus();
  }, [step]);

  const lookUpCard: CardLookup = async (cardCode) => {
    try {
      const card = await fetchCard(code, cardCode);
      setCardError(null);
      setScanning(false);
      setStep({ kind: 'secret', group: card.group, student: card.student });
      return null;
    } catch (failure) {
      return failure instanceof ApiError && [400, 404].includes(failure.status)
        ? t('schoolSignIn.unknownCard')
        : errorMessage(t, failure);
    }
  };

  // A card's QR code opens the page with ?card=CODE: that child, straight to their password or pictures.
  const cardParam = search.get('card');
  const cardHandled = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: looks the card up once per code, when the page may show names
  useEffect(() => {
    if (!cardParam || !data?.namesShown || cardHandled.current === cardParam) return;
    cardHandled.current = cardParam;
    void lookUpCard(cardParam).then((failure) => {
      setCardError(failure);
      // Back and reload start from the groups, not from this child again.
      setSearch({}, { replace: true });
    });
  }, [cardParam, data?.namesShown]);

  function signedIn(answer: SessionAnswer) {
    setCsrfToken(answer.csrfToken);
    applyLanguage(asLanguage(answer.user.language));
    queryClient.clear();
    // The console asks for a new password first when the temporary one was used, else opens the person's start.
    navigate('/', { replace: true });
  }

  if (page.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('schoolSignIn.loading')} />
      </Center>
    );
  }
  if (page.error || !data) {
    return (
      <Center h="100vh" p="md">
        <Notice>{errorMessage(t, page.error)}</Notice>
      </Center>
    );
  }

  const schoolName = data.location?.name ?? null;
  const boardName = data.board?.name ?? null;
  const emailOnly = !data.namesShown;
  const actions = emailOnly ? null : (
    <>
      <Button ref={scanButton} size="lg" variant="default" onClick={() => setScanning(true)}>
        {t('schoolSignIn.scanCard')}
      </Button>
      <Button
        size="lg"
        variant={step.kind === 'email' ? 'filled' : 'default'}
        aria-pressed={step.kind === 'email'}
        onClick={() => setStep(step.kind === 'email' ? step.back : { kind: 'email', back: step })}
      >
        {t('schoolSignIn.withEmail')}
      </Button>
    </>
  );

  return (
    <SchoolFrame schoolName={schoolName} boardName={boardName} actions={actions}>
      {emailOnly ? (
        <HiddenNames data={data} onSignedIn={signedIn} />
      ) : (
        <Stack gap="lg">
          {cardError && <Notice>{cardError}</Notice>}
          {step.kind === 'groups' && (
            <>
              <StepHeading>{t('schoolSignIn.chooseGroup')}</StepHeading>
              {data.groups.length === 0 ? (
                <Text size="lg">{t('schoolSignIn.noGroups')}</Text>
              ) : (
                <GroupTiles
                  groups={data.groups}
                  onChoose={(group) => {
                    setCardError(null);
                    setStep({ kind: 'names', group });
                  }}
                />
              )}
            </>
          )}
          {step.kind === 'names' && (
            <>
              <Group justify="space-between" align="center">
                <div>
                  <Text size="lg" c="dimmed">
                    {step.group.name}
                  </Text>
                  <StepHeading>{t('schoolSignIn.chooseName')}</StepHeading>
                </div>
                <BackButton onClick={() => setStep({ kind: 'groups' })} />
              </Group>
              <NamesStep
                code={code}
                group={step.group}
                onChoose={(student) => setStep({ kind: 'secret', group: step.group, student })}
              />
            </>
          )}
          {step.kind === 'secret' && (
            <SecretStep
              data={data}
              step={step}
              onBack={() => setStep({ kind: 'names', group: step.group })}
              onSignedIn={signedIn}
            />
          )}
          {step.kind === 'email' && (
            <>
              <Group justify="space-between" align="center">
                <StepHeading>{t('schoolSignIn.emailTitle')}</StepHeading>
                <BackButton onClick={() => setStep(step.back)} />
              </Group>
              <EmailForm onSignedIn={signedIn} />
            </>
          )}
        </Stack>
      )}
      {!emailOnly && (
        <CardScanner
          opened={scanning}
          onClose={() => {
            setScanning(false);
            scanButton.current?.focus();
          }}
          onCode={lookUpCard}
        />
      )}
    </SchoolFrame>
  );
}

/** Step 3: hello, and the password field or the picture grid. */
function SecretStep({
  data,
  step,
  onBack,
  onSignedIn,
}: {
  data: SignInPageData;
  step: { group: SignInGroup; student: SignInStudent };
  onBack: () => void;
  onSignedIn: (answer: SessionAnswer) => void;
}) {
  const { t } = useTranslation();
  const { student } = step;
  const intro = (
    <Group gap="md" align="center" wrap="nowrap">
      <Avatar id={student.id} name={student.firstName} size={56} />
      <div>
        <Text size="xl" fw={700}>
          {t('schoolSignIn.hello', { name: shortName(student) })}
        </Text>
        {student.signInMethod === 'pictures' ? (
          <StepHeading>{t('schoolSignIn.choosePictures')}</StepHeading>
        ) : (
          // The password field takes the focus, not the heading.
          <Title order={2} size="h2">
            {t('schoolSignIn.typePassword')}
          </Title>
        )}
      </div>
    </Group>
  );
  const back = <BackButton onClick={onBack} />;
  if (student.signInMethod === 'pictures')
    return (
      <PictureStep
        // A new child starts with empty slots.
        key={student.id}
        intro={intro}
        back={back}
        student={student}
        sequenceLength={data.pictureSequenceLength}
        shuffle={data.shufflePictures}
        onSignedIn={onSignedIn}
      />
    );
  return (
    <>
      <Group justify="space-between" align="center">
        {intro}
        {back}
      </Group>
      <PasswordStep key={student.id} student={student} onSignedIn={onSignedIn} />
    </>
  );
}

/** Names are not shown here: say why, and offer the e-mail form. */
function HiddenNames({
  data,
  onSignedIn,
}: {
  data: SignInPageData;
  onSignedIn: (answer: SessionAnswer) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={560}>
      <Notice tone="info">
        {data.location && data.reason === 'no-networks'
          ? t('schoolSignIn.noNetworks')
          : t('schoolSignIn.outsideNetwork')}
      </Notice>
      <Title order={2} size="h2">
        {t('schoolSignIn.emailTitle')}
      </Title>
      <EmailForm onSignedIn={onSignedIn} />
    </Stack>
  );
}
