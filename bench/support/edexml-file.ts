/**
 * A synthetic EDEXML 2.1 file of any size, for the import benchmark and the parser's size test. It looks like what a
 * Dutch school administration exports: vestigingen, groepen with a jaargroep, leerlingen with a vestiging reference
 * and the personal data Schoolpas must drop on reading (BSN, birth date, gender, postcode, countries), and
 * leerkrachten with an e-mail address and their groups. Deterministic: the same shape gives the same bytes.
 */

export interface EdexmlShape {
  locations: number;
  groupsPerLocation: number;
  studentsPerGroup: number;
  staff: number;
  /** Combined groups (samengestelde_groep) per location; every third student of the location joins one. */
  combinedGroupsPerLocation?: number;
  /** School year written in the file; the public XSD's list stops at 2024-2025, real files do not. */
  schoolYear?: string;
}

/** Every student's BSN in the file starts with this; a test searches the parsed result for it. */
export const SYNTHETIC_BSN_PREFIX = '9';
/** Every student's birth date in the file is in this year. */
export const SYNTHETIC_BIRTH_YEAR = 2015;

export const FIRST_NAMES = [
  'Emma',
  'Noah',
  'Julia',
  'Daan',
  'Mila',
  'Sem',
  'Tess',
  'Lucas',
  'Zoë',
  'Finn',
  'Saar',
  'Levi',
];
export const INFIXES = ['', '', '', 'de', 'van', 'van der', "van 't", 'ter'];
export const LAST_NAMES = [
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Boer',
  'Mulder',
  'Bos',
  'Vos',
  'Peters',
];
export const GRADES = ['1', '2', '3', '4', '5', '6', '7', '8'];

export const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
export const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function generateEdexml(shape: EdexmlShape): Buffer {
  const combined = shape.combinedGroupsPerLocation ?? 0;
  const parts: string[] = [];
  const out = (text: string) => parts.push(text);

  out('<?xml version="1.0" encoding="UTF-8"?>\n');
  out(
    '<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">\n',
  );
  out(`<school><schooljaar>${shape.schoolYear ?? '2026-2027'}</schooljaar><brincode>99ZZ</brincode>`);
  out(
    '<schoolkey>BENCH</schoolkey><aanmaakdatum>2026-09-01T08:00:00</aanmaakdatum><xsdversie>2.1</xsdversie></school>\n',
  );

  out('<vestigingen>\n');
  for (let l = 0; l < shape.locations; l += 1)
    out(`<vestiging key="V${pad(l, 3)}"><naam>Vestiging ${l + 1}</naam></vestiging>\n`);
  out('</vestigingen>\n<groepen>\n');
  for (let l = 0; l < shape.locations; l += 1) {
    for (let g = 0; g < shape.groupsPerLocation; g += 1) {
      const grade = pick(GRADES, g);
      out(`<groep key="G${pad(l, 3)}-${pad(g, 4)}"><naam>${grade}${String.fromCharCode(65 + (g % 26))}`);
      out(` ${l + 1}.${g + 1}</naam><jaargroep>${grade}</jaargroep></groep>\n`);
    }
    for (let c = 0; c < combined; c += 1)
      out(
        `<samengestelde_groep key="SG${pad(l, 3)}-${pad(c, 3)}"><naam>Combinatie ${l + 1}.${c + 1}</naam></samengestelde_groep>\n`,
      );
  }
  out('</groepen>\n<leerlingen>\n');
  let student = 0;
  for (let l = 0; l < shape.locations; l += 1) {
    for (let g = 0; g < shape.groupsPerLocation; g += 1) {
      for (let s = 0; s < shape.studentsPerGroup; s += 1) {
        student += 1;
        const infix = pick(INFIXES, student);
        const month = pad((student % 12) + 1, 2);
        const day = pad((student % 28) + 1, 2);
        out(`<leerling key="L${pad(student, 7)}" eckid="https://id.school/LL_bench_${student}">`);
        out(`<achternaam>${pick(LAST_NAMES, student * 7)}</achternaam>`);
        if (infix) out(`<voorvoegsel>${infix.replace("'", '&apos;')}</voorvoegsel>`);
        out(
          `<voornamen>${pick(FIRST_NAMES, student)} Maria</voornamen><roepnaam>${pick(FIRST_NAMES, student)}</roepnaam>`,
        );
        out(
          `<geboortedatum>${SYNTHETIC_BIRTH_YEAR}-${month}-${day}</geboortedatum><geslacht>${student % 2}</geslacht>`,
        );
        out(`<jaargroep>${pick(GRADES, g)}</jaargroep><groep key="G${pad(l, 3)}-${pad(g, 4)}"/>`);
        if (combined > 0 && student % 3 === 0)
          out(
            `<samengestelde_groepen><samengestelde_groep key="SG${pad(l, 3)}-${pad(student % combined, 3)}"/></samengestelde_groepen>`,
          );
        out(`<vestiging key="V${pad(l, 3)}"/><land>NL</land>`);
        out(`<bsn>${SYNTHETIC_BSN_PREFIX}${pad(student, 8)}</bsn><postcodenl>1234AB</postcodenl>`);
        out(
          '<instroomdatum>2019-08-20</instroomdatum><mutatiedatum>2026-08-30T12:00:00</mutatiedatum></leerling>\n',
        );
      }
    }
  }
  out('</leerlingen>\n<leerkrachten>\n');
  const groupCount = shape.locations * shape.groupsPerLocation;
  for (let t = 0; t < shape.staff; t += 1) {
    out(`<leerkracht key="T${pad(t, 6)}" eckid="https://id.school/LK_bench_${t}">`);
    out(
      `<achternaam>${pick(LAST_NAMES, t * 3)}</achternaam><roepnaam>${pick(FIRST_NAMES, t * 5)}</roepnaam>`,
    );
    out(`<emailadres>teacher${t}@bench.example.nl</emailadres>`);
    // One group each, spread over all groups (and so over all locations).
    if (groupCount > 0) {
      const group = t % groupCount;
      const location = Math.floor(group / shape.groupsPerLocation);
      out(
        `<groepen><groep key="G${pad(location, 3)}-${pad(group % shape.groupsPerLocation, 4)}"/></groepen>`,
      );
    }
    out('</leerkracht>\n');
  }
  out('</leerkrachten>\n</EDEX>\n');
  return Buffer.from(parts.join(''), 'utf8');
}
