import { Badge, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportCounts, ImportKind, ImportStatus } from '../api/types.ts';

export const IMPORT_KINDS: ImportKind[] = ['locations', 'groups', 'staff', 'students', 'memberships'];

// The colour is the badge's dot; its words stay in the text colour, so they keep AA contrast in every status.
const STATUS_COLOURS: Record<ImportStatus, string> = {
  preview: 'blue',
  queued: 'gray',
  running: 'indigo',
  applied: 'green',
  failed: 'red',
  discarded: 'gray',
};

/** An Alert's title in the text colour: Mantine's coloured title on the light background is below AA contrast. */
export const ALERT_STYLES = { title: { color: 'var(--mantine-color-text)' } };

/** The import's status as a word in a coloured badge. */
export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="dot">
      {t(`imports.status.${status}`)}
    </Badge>
  );
}

/** The job's progress as a bar with "done of total" under it; the state lives on the server. */
export function ImportProgress({
  progress,
  size = 'lg',
}: {
  progress: { done: number; total: number };
  size?: 'sm' | 'lg';
}) {
  const { t } = useTranslation();
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  // The total is counted when the job starts; until then there is nothing to count towards.
  const text =
    progress.total > 0
      ? t('imports.progress', { done: progress.done, total: progress.total })
      : t('imports.notStarted');
  return (
    <Stack gap={4} miw={size === 'sm' ? 120 : undefined}>
      <Progress value={percent} size={size} aria-label={text} animated={size === 'lg'} />
      <Text size={size === 'sm' ? 'xs' : 'sm'}>{text}</Text>
    </Stack>
  );
}

/** Whether applying would change anything: something new, changed or ended. */
export function hasChanges(counts: Record<ImportKind, ImportCounts>): boolean {
  return IMPORT_KINDS.some((kind) => counts[kind].new > 0 || counts[kind].changed > 0);
}

/** The counts of all kinds added up (for the history list). */
export function totalsOf(counts: Record<ImportKind, ImportCounts>): ImportCounts {
  const total: ImportCounts = { new: 0, changed: 0, unchanged: 0, rejected: 0 };
  for (const kind of IMPORT_KINDS) {
    for (const key of ['new', 'changed', 'unchanged', 'rejected'] as const) total[key] += counts[kind][key];
  }
  return total;
}
