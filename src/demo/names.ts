/**
 * Word lists and a seeded random generator for demo and benchmark boards. Everything here is deterministic:
 * the same seed gives the same board, so screenshots, tests and benchmark runs can be compared.
 */

/** A small, fast seeded PRNG (sfc32, seeded through splitmix32); never use it for secrets. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return this.skewed(items, 1);
  }

  /**
   * Picks with a bias towards the start of the list (power > 1), for lists ordered from common to rare:
   * like real names, a few are frequent and many are rare.
   */
  skewed<T>(items: readonly T[], power: number): T {
    const item = items[Math.floor(this.next() ** power * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

// The name lists run roughly from common to rare (after the CBS surname and SVB first-name lists), so
// `skewed` picks give real-looking frequencies: many Jansens and de Vriezen, few Terpstra's.

/** A last name with its Dutch infix ("van der", "'t", …) kept apart, as the people table stores it. */
export interface LastName {
  infix: string | null;
  lastName: string;
}

/** Splits a comma-separated list (one string keeps the long lists compact and easy to extend). */
function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function lastNames(entries: readonly string[]): LastName[] {
  // "van der|Meer": the part before the bar is the infix.
  return entries.map((entry) => {
    const [infix, lastName] = entry.includes('|') ? entry.split('|') : [null, entry];
    return { infix: infix ?? null, lastName: lastName ?? entry };
  });
}

export const CHILD_FIRST_NAMES: readonly string[] = list(`
  Noah, Daan, Liam, Lucas, Sem, Finn, Levi, Luuk, Milan, Bram, Jesse, Thijs, Mees, Sam, Julian, Adam,
  Max, Ties, Siem, Jens, Gijs, Ruben, Tijn, Stijn, Lars, Thomas, Jayden, Hugo, Teun, Dex, Floris,
  Olivier, Mats, Jurre, Boaz, Guus, Joep, Hidde, Wout, Job, Koen, Pepijn, Tygo, Jelle, Niek, Cas, Rens,
  Bas, Otis, Morris, Vince, Daniël, Joël, Noël, Emma, Julia, Mila, Tess, Sophie, Zoë, Sara, Nora, Yara,
  Eva, Liv, Lotte, Evi, Anna, Saar, Noor, Fleur, Lieke, Fenna, Isa, Nina, Sanne, Roos, Femke, Lynn,
  Elin, Jasmijn, Maud, Lisa, Esmee, Amber, Iris, Floor, Vera, Hannah, Lara, Fay, Mirthe, Puck, Loïs,
  Chloë, Anouk, Merel, Romy, Sophia, Jip, Luna
`);

/** First names of other origins, about one child in five. */
export const CHILD_FIRST_NAMES_WORLD: readonly string[] = list(`
  Ismaël, Mohammed, Ayoub, Yusuf, Amir, Rayan, Bilal, Omar, Mehmet, Emir, Elif, Zeynep, Ayşe, Nour,
  Yasmina, Aaliyah, Malak, Hiba, Mei, Linh, Minh, Thảo, Kofi, Ama, Kwame, Dilan, Rania, Søren, Bjørn,
  Oleksandr, Kateryna, Zofia, Jakub, François, Amélie, Renée, Raphaël, Ibrahim, Selin, Yiğit, Mateo,
  Sofía, Aarav, Priya, Naïma, Jiří
`);

export const ADULT_FIRST_NAMES: readonly string[] = list(`
  Marieke, Sandra, Linda, Petra, Monique, Ingrid, Esther, Mirjam, Anja, Karin, Marloes, Ilse, Joyce,
  Kim, Wendy, Annemiek, Judith, Hester, Saskia, Suzanne, Jeroen, Mark, Martijn, Erik, Dennis, Bart,
  Rob, Jan, Pieter, Willem, Hans, Ruud, Maarten, Sander, Ahmed, Fatima, Nadia, Hatice, Özlem, Hélène,
  Gülşen, Rachid, Anouschka, Inge, Renée
`);

export const DUTCH_LAST_NAMES: readonly LastName[] = lastNames(
  list(`
  Jansen, de|Jong, de|Vries, van den|Berg, van|Dijk, Bakker, Janssen, Visser, Smit, Meijer, de|Boer,
  Mulder, de|Groot, Bos, Vos, Peters, Hendriks, van|Leeuwen, Dekker, Brouwer, de|Wit, Dijkstra, Smits,
  de|Graaf, van der|Meer, van der|Linden, Kok, Jacobs, de|Haan, Vermeulen, van den|Heuvel,
  van der|Veen, van den|Broek, de|Bruijn, van der|Heijden, Schouten, van|Beek, Willems, van|Vliet,
  van de|Ven, Hoekstra, Maas, Verhoeven, Koster, van|Dam, van der|Wal, Prins, Blom, Huisman, Peeters,
  de|Lange, van 't|Hof, van 't|Zand, ter|Horst, ten|Brink, ter|Haar, in 't|Veld, van 't|Veer, 't|Hart,
  Post, Kuipers, Veenstra, Kramer, van den|Brink, Scholten, van|Wijk, Postma, Martens, Vink, de|Ruiter,
  Timmermans, Groen, Gerritsen, Jonker, van|Loon, Boers, van der|Velde, Willemsen, Smeets, de|Vos,
  Bosch, van|Dongen, Schipper, de|Koning, van der|Laan, Koning, Driessen, van|Doorn, Hermans, Evers,
  van den|Bosch, van der|Meulen, Hofman, Bosman, Wolters, Sanders, van der|Horst, Mol, Kuijpers,
  Molenaar, van de|Pol, de|Leeuw, Verbeek, op de|Beek, uit den|Bogaard, Zwart, Haverkamp, Brinkman,
  Baas, Wijnands, Bouma, Terpstra, Zijlstra, Kamphuis
`),
);

export const WORLD_LAST_NAMES: readonly LastName[] = lastNames(
  list(`
  Yılmaz, Çelik, Kaya, Demir, Şahin, Öztürk, Aydın, El Amrani, Bennani, El Idrissi, Boukhari, Ouali,
  Nguyễn, Trần, Lê, Phạm, Ørsted, Müller, Schäfer, Kowalski, Nowak, Wiśniewska, dos|Santos, da|Silva,
  Biharie, Ramdin, Kortram, Sharma, Patel, Martina, Isenia, Papadopoulos, Lefèvre, García, Fernández,
  Mensah, Osei, Kovačević, Horváth, de la|Cruz, Abdi, Haddou
`),
);

export const SCHOOL_NAMES: readonly string[] = list(`
  De Regenboog, 't Kompas, De Wereldboom, Het Palet, De Vlinderboom, De Springplank, De Klimop,
  Sint Jozefschool, De Zonnewijzer, Het Kleurrijk, De Fontein, De Ark, De Horizon, De Tweemaster,
  De Sterrenboog, Het Baken, De Bongerd, Montessorischool Oost, De Meander, Kindcentrum Het Anker,
  De Piramide, Prins Willem-Alexanderschool, De Eendracht, 't Schrijverke, Het Mozaïek
`);

export const BOARD_NAMES: readonly string[] = list(`
  Stichting Primair Onderwijs De Linde, Stichting Kindwijs, Scholengroep Rivierenland,
  Stichting Openbaar Onderwijs Waterland, Vereniging Christelijk Onderwijs De Vallei
`);

/** Plain words for readable generated passwords ("molen-tulp-kaas-47"). */
export const PASSWORD_WORDS: readonly string[] = list(`
  appel, boom, bloem, brug, dijk, duin, fiets, gracht, haring, hagel, kaas, klomp, kroket, molen,
  polder, regen, schaats, sluis, stroop, tulp, vlag, wafel, wind, zee, koe, eend, reiger, tram, zeil,
  boot, duif, kikker
`);
