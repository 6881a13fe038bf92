import { type EdexmlShape, FIRST_NAMES, GRADES, INFIXES, LAST_NAMES, pad, pick } from './edexml-file.ts';

/**
 * Synthetic CSV files of the board generateEdexml describes, as a school administration's export would give
 * them: one students file (Leerlingnummer, names, Groep, Jaargroep, Locatie) and one staff file (Personeelsnummer,
 * names, E-mailadres, Groepen, Locatie), UTF-8 with a byte order mark and `;`-separated like the console's
 * templates. The same names, groups and locations as the EDEXML file of the same shape; deterministic.
 */

const BOM = '\uFEFF';

/** The group's name as generateEdexml writes it ("3C 2.3"): unique within its location. */
function groupName(location: number, group: number): string {
  const grade = pick(GRADES, group);
  return `${grade}${String.fromCharCode(65 + (group % 26))} ${location + 1}.${group + 1}`;
}

export function generateStudentsCsv(shape: EdexmlShape): Buffer {
  const lines = [`${BOM}Leerlingnummer;Voornaam;Tussenvoegsel;Achternaam;Groep;Jaargroep;Locatie`];
  let student = 0;
  for (let l = 0; l < shape.locations; l += 1) {
    for (let g = 0; g < shape.groupsPerLocation; g += 1) {
      for (let s = 0; s < shape.studentsPerGroup; s += 1) {
        student += 1;
        lines.push(
          [
            `L${pad(student, 7)}`,
            pick(FIRST_NAMES, student),
            pick(INFIXES, student),
            pick(LAST_NAMES, student * 7),
            groupName(l, g),
            pick(GRADES, g),
            `Vestiging ${l + 1}`,
          ].join(';'),
        );
      }
    }
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Staff spread over all groups like generateEdexml's teachers: one group each, in that group's location. */
export function generateStaffCsv(shape: EdexmlShape): Buffer {
  const lines = [`${BOM}Personeelsnummer;Voornaam;Achternaam;E-mailadres;Groepen;Locatie`];
  const groupCount = shape.locations * shape.groupsPerLocation;
  for (let t = 0; t < shape.staff; t += 1) {
    const group = groupCount > 0 ? t % groupCount : 0;
    const location = Math.floor(group / shape.groupsPerLocation);
    lines.push(
      [
        `T${pad(t, 6)}`,
        pick(FIRST_NAMES, t * 5),
        pick(LAST_NAMES, t * 3),
        `teacher${t}@bench.example.nl`,
        groupCount > 0 ? groupName(location, group % shape.groupsPerLocation) : '',
        `Vestiging ${location + 1}`,
      ].join(';'),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
