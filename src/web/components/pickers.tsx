import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGroups, useLocations, useStaffList, useStudents } from '../api/queries.ts';
import type { Location } from '../api/types.ts';

type PickerProps = Omit<SelectProps, 'data' | 'onChange' | 'value'> & {
  value?: string | null;
  onChange: (value: string | null) => void;
};

/** A board has few locations: all visible ones, optionally only those in `only`. */
export function LocationSelect({ only, ...props }: PickerProps & { only?: string[] }) {
  const locations = useLocations();
  const items = (locations.data?.items ?? []).filter((l: Location) => !only || only.includes(l.id));
  return (
    <Select
      {...props}
      data={items.map((l) => ({ value: l.id, label: l.name }))}
      allowDeselect
      clearable={props.clearable}
    />
  );
}

/** Groups are searched on the server (a large board has thousands). */
export function GroupPicker({ location, ...props }: PickerProps & { location?: string | null }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 200);
  const groups = useGroups({ q: q || undefined, location: location ?? undefined, limit: 50 });
  const selected = props.value;
  const data = (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }));
  return (
    <Select
      {...props}
      data={data}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={groups.isFetching ? '…' : undefined}
      value={selected}
    />
  );
}

/** Searches staff or students by name on the server. */
export function PersonPicker({ kind, ...props }: PickerProps & { kind: 'staff' | 'student' }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 200);
  const staff = useStaffList({ q: q || undefined, limit: 20 }, kind === 'staff');
  const students = useStudents({ q: q || undefined, limit: 20 }, kind === 'student');
  const items = (kind === 'staff' ? staff.data?.items : students.data?.items) ?? [];
  return (
    <Select
      {...props}
      data={items.map((p) => ({ value: p.id, label: p.displayName }))}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t('common.nothingFound')}
    />
  );
}
