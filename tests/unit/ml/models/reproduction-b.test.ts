// session-rec reproduction, part 2 (see reproduction.ts); skips without ../shared/data
import { reproductionSuite } from './reproduction';

reproductionSuite('session-rec reproduction: V-SKNN, STAN, VSTAN', ['vsknn', 'stan', 'vstan']);
