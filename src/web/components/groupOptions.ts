/** EDEXML jaargroep codes offered in the group form. */
export const GRADES = [
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
];
/** Icon names for the sign-in page (the pictures themselves come with the sign-in page). */
export const ICONS = [
  'rocket',
  'star',
  'sun',
  'moon',
  'tree',
  'fish',
  'cat',
  'dog',
  'car',
  'ball',
  'flower',
  'heart',
];
export const SIGN_IN_METHODS = ['password', 'pictures', 'email'] as const;
