// session-rec reproduction, part 1 (see reproduction.ts); skips without ../shared/data
import { reproductionSuite } from './reproduction';

reproductionSuite('session-rec reproduction: POP, AR, SR, SKNN', ['pop', 'ar', 'sr', 'sknn']);
