import { Group, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';

/** The page's heading; it also names the browser tab ("Groepen · Schoolpas"), so every page has its own title. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Schoolpas`;
  }, [title]);
  return (
    <Group justify="space-between" mb="md" wrap="wrap" align="flex-end">
      <Title order={2}>{title}</Title>
      <Group gap="sm" align="flex-end">
        {children}
      </Group>
    </Group>
  );
}
