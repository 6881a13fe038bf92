/**
 * Facts about groups that the server and the console both need; plain data, no imports, so the console's bundle
 * can take it as it is.
 */

/** EDEXML jaargroep codes: the only grades a group may have. */
export const GRADES = [
  'B',
  'D',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  'S',
  'V',
  'C',
  'N',
  'H',
] as const;
export type Grade = (typeof GRADES)[number];

export const SIGN_IN_METHODS = ['password', 'pictures', 'email'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
