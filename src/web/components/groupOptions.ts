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
export const SIGN_IN_METHODS = ['password', 'pictures', 'email'] as const;

// Group icons are pictures of the picture set (GET /api/v1/pictures, ids such as "rocket"), the same pictures as
// picture passwords; the server refuses any other id. PictureSelect offers them.
