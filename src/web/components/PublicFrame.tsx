import { Center, Container, Paper, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';

/** The frame of the pages before signing in: a centred card with a heading that also names the browser tab. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <Center mih="100vh" bg="gray.1" component="main">
      <Container size={460} w="100%" py="xl">
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={1} size="h2" mb="lg">
            {title}
          </Title>
          {children}
        </Paper>
      </Container>
    </Center>
  );
}
