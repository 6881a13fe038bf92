import {
  Button,
  Group,
  Image,
  Select,
  type SelectProps,
  SimpleGrid,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePictures } from '../api/queries.ts';
import type { Picture } from '../api/types.ts';

/** id → picture, for showing stored sequences and icons. */
function usePictureIndex(): Map<string, Picture> {
  const pictures = usePictures();
  return new Map((pictures.data ?? []).map((p) => [p.id, p]));
}

/**
 * A picture password as the child sees it: the pictures in order, each with its name under it. An ordered list,
 * so a screen reader says how many there are and in which order.
 */
export function PictureSequence({ sequence, size = 40 }: { sequence: readonly string[]; size?: number }) {
  const index = usePictureIndex();
  return (
    <ol className="picture-sequence">
      {sequence.map((id, position) => {
        const picture = index.get(id);
        return (
          // A picture may appear twice in a sequence: the position keeps the keys apart.
          // biome-ignore lint/suspicious/noArrayIndexKey: the order is the content
          <li key={`${position}-${id}`}>
            {picture && <img src={picture.url} alt="" width={size} height={size} />}
            <span>{picture?.label ?? id}</span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Composes a picture password of `length` pictures from the whole set: each tap adds a picture (repeats allowed),
 * "Remove last" takes one back. Saving is possible once the sequence is complete.
 */
export function PicturePicker({
  length,
  saving,
  onSave,
  onCancel,
}: {
  length: number;
  saving: boolean;
  onSave: (sequence: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const pictures = usePictures();
  const [sequence, setSequence] = useState<string[]>([]);
  const complete = sequence.length === length;
  return (
    <Stack>
      <Text id="picture-picker-help">{t('pictures.pickHelp', { count: length })}</Text>
      <SimpleGrid cols={{ base: 4, sm: 6 }} spacing="xs" role="group" aria-labelledby="picture-picker-help">
        {(pictures.data ?? []).map((picture) => (
          <UnstyledButton
            key={picture.id}
            className="picture-choice"
            disabled={complete}
            onClick={() => setSequence((current) => [...current, picture.id].slice(0, length))}
          >
            <Image src={picture.url} alt="" w={48} h={48} mx="auto" />
            <Text size="sm" ta="center">
              {picture.label}
            </Text>
          </UnstyledButton>
        ))}
      </SimpleGrid>
      <div aria-live="polite">
        <Text fw={500}>{t('pictures.chosen', { done: sequence.length, count: length })}</Text>
        {sequence.length > 0 && <PictureSequence sequence={sequence} size={48} />}
      </div>
      <Group justify="space-between">
        <Button
          variant="default"
          disabled={sequence.length === 0}
          onClick={() => setSequence((current) => current.slice(0, -1))}
        >
          {t('pictures.removeLast')}
        </Button>
        <Group>
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
          <Button disabled={!complete} loading={saving} onClick={() => onSave(sequence)}>
            {t('actions.save')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

type PictureSelectProps = Omit<SelectProps, 'data' | 'onChange' | 'value' | 'renderOption'> & {
  value?: string | null;
  onChange: (value: string | null) => void;
};

/** A picture of the set as a group's icon: searchable by name, each option shown with its picture. */
export function PictureSelect(props: PictureSelectProps) {
  const pictures = usePictures();
  const index = usePictureIndex();
  const selected = props.value ? index.get(props.value) : undefined;
  return (
    <Select
      {...props}
      searchable
      maxDropdownHeight={320}
      data={(pictures.data ?? []).map((p) => ({ value: p.id, label: p.label }))}
      leftSection={selected ? <img src={selected.url} alt="" width={20} height={20} /> : undefined}
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap">
          {index.get(option.value) && (
            <img src={index.get(option.value)?.url} alt="" width={24} height={24} />
          )}
          <span>{option.label}</span>
        </Group>
      )}
    />
  );
}

/** A group's icon (a picture of the set), small, next to its name; decorative, the name says it all. */
export function GroupIcon({ id, size = 24 }: { id: string; size?: number }) {
  const picture = usePictureIndex().get(id);
  if (!picture) return null;
  return <img src={picture.url} alt="" width={size} height={size} />;
}
