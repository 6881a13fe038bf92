import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from './Notice.tsx';
import { cardCodeFrom } from './signin-api.ts';

/** How often a camera frame is decoded: often enough to feel instant, rare enough for a Chromebook's CPU. */
const SCAN_INTERVAL_MS = 150;
/** Frames are scaled down to this width before decoding; a card held up close is still read well. */
const SCAN_WIDTH = 640;

/**
 * Tries a code and answers an error message to show, or null when it was taken (the dialog closes then).
 */
export type CardLookup = (code: string) => Promise<string | null>;

/**
 * The camera view: decodes frames with jsQR until a card's QR code is read. The camera is started on mount and
 * stopped on unmount (closing the dialog), also when it was still starting. Fails quietly into `onUnavailable`
 * where there is no camera or permission is refused; the typed code still works then.
 */
function CameraView({
  onCode,
  onUnavailable,
}: {
  onCode: (code: string) => Promise<void>;
  onUnavailable: () => void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const handlers = useRef({ onCode, onUnavailable });
  handlers.current = { onCode, onUnavailable };

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    const element = video.current;
    const stop = () => {
      for (const track of stream?.getTracks() ?? []) track.stop();
      stream = null;
    };

    async function start() {
      if (!element || !navigator.mediaDevices?.getUserMedia) throw new Error('no camera');
      const [media, { default: jsQR }] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
        import('jsqr'),
      ]);
      stream = media;
      if (stopped) return stop();
      element.srcObject = media;
      await element.play();
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('no canvas');
      // The same unknown code is looked up once, not for every frame it stays in view.
      let lastTried: string | null = null;
      const scan = async () => {
        if (stopped) return;
        if (element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth > 0) {
          const scale = Math.min(1, SCAN_WIDTH / element.videoWidth);
          canvas.width = Math.round(element.videoWidth * scale);
          canvas.height = Math.round(element.videoHeight * scale);
          context.drawImage(element, 0, 0, canvas.width, canvas.height);
          const image = context.getImageData(0, 0, canvas.width, canvas.height);
          const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
          const code = found ? cardCodeFrom(found.data) : null;
          if (code && code !== lastTried) {
            lastTried = code;
            await handlers.current.onCode(code);
          }
        }
        if (!stopped) timer = window.setTimeout(scan, SCAN_INTERVAL_MS);
      };
      void scan();
    }

    start().catch(() => {
      stop();
      if (!stopped) handlers.current.onUnavailable();
    });
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stop();
      if (element) element.srcObject = null;
    };
  }, []);

  return (
    <Stack gap="xs">
      <video ref={video} className="school-video" muted playsInline aria-label={t('schoolSignIn.camera')} />
      <Text size="lg">{t('schoolSignIn.scanHint')}</Text>
    </Stack>
  );
}

/** "Scan card": the camera, and a field to type the code printed on the card. */
export function CardScanner({
  opened,
  onClose,
  onCode,
}: {
  opened: boolean;
  onClose: () => void;
  onCode: CardLookup;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [cameraUnavailable, setCameraUnavailable] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setTyped('');
      setError(null);
      setCameraUnavailable(false);
    }
  }, [opened]);

  async function tryCode(code: string) {
    setBusy(true);
    const failure = await onCode(code);
    setBusy(false);
    setError(failure);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const code = cardCodeFrom(typed);
    if (code) await tryCode(code);
  }

  return (
    // Focus goes back by hand: to the scan button after closing, to the child's step after a card was read.
    <Modal
      opened={opened}
      onClose={onClose}
      returnFocus={false}
      title={t('schoolSignIn.scanTitle')}
      size="lg"
    >
      <Stack>
        {error && <Notice>{error}</Notice>}
        {cameraUnavailable ? (
          <Text size="lg">{t('schoolSignIn.cameraUnavailable')}</Text>
        ) : (
          opened && <CameraView onCode={tryCode} onUnavailable={() => setCameraUnavailable(true)} />
        )}
        <form onSubmit={submit} noValidate>
          <Group align="flex-end">
            <TextInput
              label={t('schoolSignIn.typeCode')}
              size="lg"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              style={{ flex: 1 }}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
            />
            <Button type="submit" size="lg" loading={busy}>
              {t('schoolSignIn.useCode')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Modal>
  );
}
