// Every committed migration, in order. Rewritten by `npm run migration:generate -- <Name>`.
import { Init1795277708039 } from './1795277708039-Init';

export const MIGRATIONS: Function[] = [
  Init1795277708039,
];
