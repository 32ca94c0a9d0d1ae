import { createMemoryRoomStore } from './memory-room-store.ts';
import { describeRoomStoreContract } from './room-store.contract.ts';

describeRoomStoreContract('memory room store', () => createMemoryRoomStore());
