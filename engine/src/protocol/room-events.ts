/**
 * The wire protocol of shared rooms: school sessions (a class shares one animal, the teacher in
 * control) and live rooms (many viewers ask one animal, moderators choose). Types only, so the
 * web app can import them. Semantics: `docs/rooms.md`.
 *
 * A room owns one conversation; its members receive the conversation's usual events
 * (`message:new`, `reply:*`, `reaction:update`, `room:presence`) through the conversation room,
 * and the room's own events below. The animal's answer to a question is generated once and
 * streamed to every member, whatever the room size.
 *
 * @module
 */
import type {
  Ack,
  ActiveReplySnapshot,
  AnimalSummary,
  ConversationMessage,
  Locale,
} from './events.ts';

/** What kind of shared room. */
export type RoomKind = 'school' | 'live';

/** Where a question is. */
export type QuestionStatus =
  'pending' | 'approved' | 'answering' | 'answered' | 'rejected' | 'hidden';

/** A question asked in a room, as hosts and moderators see it (members see their own). */
export interface RoomQuestion {
  questionId: string;
  /** The asker's nickname (school) or display label (live: "Viewer 12" unless signed in). */
  author: string;
  text: string;
  status: QuestionStatus;
  /** Live rooms: upvotes (the asker's own question starts at 0). */
  votes: number;
  /** Ids of questions merged into this one (their askers are credited). */
  mergedFrom: string[];
  createdAt: string;
}

/** A room as every member sees it. */
export interface RoomState {
  roomId: string;
  kind: RoomKind;
  conversationId: string;
  animal: AnimalSummary;
  locale: Locale;
  /** School: questions wait for the teacher. Live: always true (moderators approve). */
  approvalRequired: boolean;
  paused: boolean;
  ended: boolean;
  /** Live: a keeper answers as a human right now (their messages have `author.kind: 'keeper'`). */
  keeperTakeover: boolean;
  /** Member count; above `approximateAbove` it is rounded (e.g. "1.2k"). */
  memberCount: number;
  memberCountApproximate: boolean;
}

/** The signed-in host's or moderator's extra view. */
export interface RoomHostView {
  /** Short code students type (school) or the share code of the live link. */
  joinCode: string;
  /** Path of the join page, e.g. `/join/K7QX2M` or `/live/r_…`. */
  joinPath: string;
  /** The join URL as a QR code (SVG markup), for the projector. */
  qrSvg: string;
  queue: RoomQuestion[];
  /** School: members by nickname (for "remove student"). */
  members: { memberId: string; nickname: string; connected: boolean }[];
  /** Live: `auto` answers the top approved question every `intervalSeconds`. */
  pace: { mode: 'auto' | 'manual'; intervalSeconds: number };
  moderators: string[];
}

// ----- client → server payloads and acks -----

/** `school:open` (educator/admin) and `live:open` (zookeeper/admin). */
export interface RoomOpenPayload {
  animalId: string;
  locale?: Locale;
  /** School only. @default true */
  approvalRequired?: boolean;
  /** Live only. @default { mode: 'manual', intervalSeconds: 30 } */
  pace?: { mode: 'auto' | 'manual'; intervalSeconds: number };
}
export interface RoomOpenAck {
  ok: true;
  room: RoomState;
  host: RoomHostView;
}

/** `room:join`: a student (school: code + nickname) or a viewer (live: code), or a rejoin. */
export interface RoomJoinPayload {
  joinCode: string;
  /** School: the nickname typed; omitted or refused → a friendly generated one is offered. */
  nickname?: string;
  /** A rejoin: the token from the first join keeps nickname, votes and place. */
  memberToken?: string;
}
export interface RoomJoinAck {
  ok: true;
  room: RoomState;
  memberId: string;
  /** Keep it (e.g. sessionStorage) to rejoin as the same member. */
  memberToken: string;
  nickname: string;
  history: ConversationMessage[];
  activeReply?: ActiveReplySnapshot;
  /** The member's own questions (school) / every approved question with votes (live). */
  questions: RoomQuestion[];
  /** Ids of questions this member upvoted (live). */
  votedQuestionIds: string[];
  /** Present when the member is a host or moderator of this room. */
  host?: RoomHostView;
}

/** `room:ask`. */
export interface RoomAskPayload {
  roomId: string;
  clientQuestionId: string;
  text: string;
}
export interface RoomAskAck {
  ok: true;
  question: RoomQuestion;
  /** True when it went straight to the animal (school with approval off). */
  sentToAnimal: boolean;
  duplicate: boolean;
}

/** `room:vote` (live): one vote per member and question; voting again is a no-op. */
export interface RoomVotePayload {
  roomId: string;
  questionId: string;
}
export interface RoomVoteAck {
  ok: true;
  questionId: string;
  votes: number;
  /** False when this member had already voted. */
  counted: boolean;
}

/** `room:moderate` (host/moderator). */
export type RoomModeratePayload =
  | { roomId: string; action: 'approve'; questionId: string; text?: string }
  | { roomId: string; action: 'reject' | 'hide' | 'answer'; questionId: string }
  | { roomId: string; action: 'merge'; questionId: string; mergeIds: string[] }
  | { roomId: string; action: 'answer-all' | 'answer-top' };
export interface RoomModerateAck {
  ok: true;
  queue: RoomQuestion[];
}

/** `room:control` (host; live: keepers and moderators for takeover). */
export type RoomControlPayload =
  | { roomId: string; action: 'pause' | 'resume' | 'end' | 'takeover' | 'handback' }
  | { roomId: string; action: 'remove'; memberId: string }
  | { roomId: string; action: 'approval'; approvalRequired: boolean }
  | { roomId: string; action: 'pace'; pace: { mode: 'auto' | 'manual'; intervalSeconds: number } }
  | { roomId: string; action: 'add-moderator'; userId: string };
export interface RoomControlAck {
  ok: true;
  room: RoomState;
}

/** `room:say` (live, keeper during takeover): a human answer, shown as the keeper's. */
export interface RoomSayPayload {
  roomId: string;
  clientMessageId: string;
  text: string;
}
export interface RoomSayAck {
  ok: true;
  messageId: string;
}

/** `room:react` (live): batched server-side; no ack needed (an ack is sent when asked for). */
export interface RoomReactPayload {
  roomId: string;
  emoji: string;
}

/**
 * `room:nickname`: a friendly generated nickname ("Brave Otter") in the page's language, to
 * suggest before the student types one and after a nickname was refused.
 */
export interface RoomNicknamePayload {
  locale?: Locale;
}
export interface RoomNicknameAck {
  ok: true;
  nickname: string;
}

/** `room:export` (school host): the transcript. */
export interface RoomExportPayload {
  roomId: string;
}
export interface RoomExportAck {
  ok: true;
  /** Plain text, one line per message: `[time] nickname: text` (no personal data). */
  transcript: string;
  messages: ConversationMessage[];
}

/** Client → server room events. */
export interface RoomClientToServerEvents {
  'school:open': (payload: RoomOpenPayload, ack: (response: Ack<RoomOpenAck>) => void) => void;
  'live:open': (payload: RoomOpenPayload, ack: (response: Ack<RoomOpenAck>) => void) => void;
  'room:join': (payload: RoomJoinPayload, ack: (response: Ack<RoomJoinAck>) => void) => void;
  'room:ask': (payload: RoomAskPayload, ack: (response: Ack<RoomAskAck>) => void) => void;
  'room:vote': (payload: RoomVotePayload, ack: (response: Ack<RoomVoteAck>) => void) => void;
  'room:moderate': (
    payload: RoomModeratePayload,
    ack: (response: Ack<RoomModerateAck>) => void,
  ) => void;
  'room:control': (
    payload: RoomControlPayload,
    ack: (response: Ack<RoomControlAck>) => void,
  ) => void;
  'room:say': (payload: RoomSayPayload, ack: (response: Ack<RoomSayAck>) => void) => void;
  'room:react': (payload: RoomReactPayload, ack?: (response: Ack<{ ok: true }>) => void) => void;
  'room:export': (payload: RoomExportPayload, ack: (response: Ack<RoomExportAck>) => void) => void;
  'room:nickname': (
    payload: RoomNicknamePayload,
    ack: (response: Ack<RoomNicknameAck>) => void,
  ) => void;
}

// ----- server → client events -----

/** To every member when the room's state changed (pause, end, takeover, count...). */
export interface RoomStateEvent {
  room: RoomState;
}
/**
 * To hosts and moderators when the queue or (school) the member list changed (throttled, sorted:
 * live by votes).
 */
export interface RoomQueueEvent {
  roomId: string;
  queue: RoomQuestion[];
  /** School: the members now (joins, removals, connections); absent for live rooms. */
  members?: RoomHostView['members'];
}
/** Live: to every member when a question's votes changed (batched). */
export interface RoomVotesEvent {
  roomId: string;
  votes: { questionId: string; votes: number }[];
}
/** To the asker (every socket of that member) when their question's status changed. */
export interface RoomQuestionEvent {
  roomId: string;
  question: RoomQuestion;
}
/** Live: reactions of the last window, counted (never one event per reaction). */
export interface RoomReactionsEvent {
  roomId: string;
  counts: Record<string, number>;
}
/** To a removed member's sockets; they leave the room and cannot rejoin with that token. */
export interface RoomRemovedEvent {
  roomId: string;
}

/** Server → client room events. */
export interface RoomServerToClientEvents {
  'room:state': (event: RoomStateEvent) => void;
  'room:queue': (event: RoomQueueEvent) => void;
  'room:votes': (event: RoomVotesEvent) => void;
  'room:question': (event: RoomQuestionEvent) => void;
  'room:reactions': (event: RoomReactionsEvent) => void;
  'room:removed': (event: RoomRemovedEvent) => void;
}
