import { Alert, List, MultiSelect, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportColumns, ImportField, ImportMapping } from '../api/types.ts';
import { ALERT_STYLES } from './ImportsStatus.tsx';

type SingleField = Exclude<ImportField, 'group'>;

const STUDENT_FIELDS: ImportField[] = [
  'firstName',
  'infix',
  'lastName',
  'group',
  'location',
  'grade',
  'username',
  'email',
  'sourceKey',
  'eckId',
];
// Staff sign in with their e-mail address and have no jaargroep or username of their own.
const STAFF_FIELDS: ImportField[] = STUDENT_FIELDS.filter((f) => f !== 'grade' && f !== 'username');

/** The mapping as the form holds it: Select values are column indices as strings. */
export type MappingState = Record<SingleField, string | null> & { group: string[] };

export function mappingState(mapping: ImportMapping): MappingState {
  const state = { group: (mapping.group ?? []).map(String) } as MappingState;
  for (const field of STUDENT_FIELDS) {
    if (field === 'group') continue;
    const index = mapping[field];
    state[field] = index === null || index === undefined ? null : String(index);
  }
  return state;
}

/** The mapping as the API takes it: every field named, null where it is not imported. */
export function mappingOf(state: MappingState): ImportMapping {
  const mapping: ImportMapping = { group: state.group.map(Number) };
  for (const field of STUDENT_FIELDS) {
    if (field === 'group') continue;
    const value = state[field];
    mapping[field] = value === null ? null : Number(value);
  }
  return mapping;
}

export function sameMapping(a: MappingState, b: MappingState): boolean {
  return JSON.stringify(mappingOf(a)) === JSON.stringify(mappingOf(b));
}

/**
 * The mapping step of a CSV/Excel import: for each field Schoolpas stores, the column it comes from (a group may
 * come from several). Columns with data Schoolpas never stores are listed as not imported and cannot be chosen;
 * columns matched to nothing are listed so a person can place them by hand.
 */
export function ImportsMapping({
  columns,
  kind,
  value,
  onChange,
}: {
  columns: ImportColumns;
  kind: 'staff' | 'student';
  value: MappingState;
  onChange: (value: MappingState) => void;
}) {
  const { t } = useTranslation();
  const ignored = new Set(columns.ignored);
  const counted = new Map<string, number>();
  for (const header of columns.headers) counted.set(header, (counted.get(header) ?? 0) + 1);
  const options = columns.headers.flatMap((header, index) => {
    if (ignored.has(header)) return [];
    const column = t('imports.mapping.column', { n: index + 1 });
    const label = !header.trim() ? column : (counted.get(header) ?? 0) > 1 ? `${header} (${column})` : header;
    return [{ value: String(index), label }];
  });
  const fields = kind === 'staff' ? STAFF_FIELDS : STUDENT_FIELDS;
  // The server's `unmatched` is as it matched them; what is left over changes as columns are placed by hand.
  const used = new Set([...value.group, ...fields.map((f) => (f === 'group' ? null : value[f]))]);
  const unmatched = options.filter((option) => !used.has(option.value));

  return (
    <Stack>
      <Text>{t('imports.mapping.intro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={760}>
        {fields.map((field) =>
          field === 'group' ? (
            <MultiSelect
              key={field}
              label={t('imports.fields.group')}
              description={t('imports.mapping.groupHelp')}
              placeholder={value.group.length === 0 ? t('imports.mapping.notImported') : undefined}
              data={options}
              value={value.group}
              onChange={(group) => onChange({ ...value, group })}
              clearable
            />
          ) : (
            <Select
              key={field}
              label={t(`imports.fields.${field}`)}
              placeholder={t('imports.mapping.notImported')}
              data={options}
              value={value[field]}
              onChange={(column) => onChange({ ...value, [field]: column })}
              clearable
              allowDeselect
            />
          ),
        )}
      </SimpleGrid>
      {unmatched.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('imports.mapping.unmatched')}
          </Title>
          <List size="sm">
            {unmatched.map((option) => (
              <List.Item key={option.value}>{option.label}</List.Item>
            ))}
          </List>
        </Stack>
      )}
      {columns.ignored.length > 0 && (
        <Alert color="gray" role="note" title={t('imports.mapping.ignored')} styles={ALERT_STYLES}>
          <List size="sm">
            {[...new Set(columns.ignored)].map((header) => (
              <List.Item key={header}>{header}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
