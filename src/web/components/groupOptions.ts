// The grades and sign-in methods are the server's own lists.
export { GRADES, SIGN_IN_METHODS } from '../../shared/groups.ts';

// Group icons are pictures of the picture set (GET /api/v1/pictures, ids such as "rocket"), the same pictures as
// picture passwords; the server refuses any other id. PictureSelect offers them.
