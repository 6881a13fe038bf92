export {
  consumeOneTimeToken,
  expireOneTimeTokens,
  expireOneTimeTokensOfPerson,
  findOneTimeTokenById,
  type OneTimeTokenRow,
  type TokenPurpose,
} from './tokens.repository.ts';
export { ACTIVATION_TTL_MS, newOneTimeToken, RESET_TTL_MS } from './tokens.service.ts';
