/**
 * Who may call each of the 100 REST operations, as data. The route layer checks the role with
 * `authorize`; ownership (the scope) is enforced by each handler, which knows the resource.
 * `docs/rest-roles.md` is rendered from this table and a test keeps the two equal.
 *
 * @module
 */
import { roles, type Role } from './roles.ts';

/** A caller kind: a role, or nobody signed in. */
export type Caller = Role | 'anonymous';

/** Which resources a permitted caller may reach through an operation. */
export type Scope =
  | 'any'
  | 'public-only'
  | 'self'
  | 'family'
  | 'self-or-family'
  | 'own-conversation'
  | 'family-conversation';

/** What each scope means for the handler that enforces it. */
export const scopeDescriptions: Readonly<Record<Scope, string>> = {
  any: 'no ownership limit',
  'public-only': 'only public items: animals with status `active` (hidden ones are staff-only)',
  self: "only the caller's own account and data (a `userId`/`parentId` in the path must be the caller)",
  family: "only the families the caller belongs to and their members (a parent's children)",
  'self-or-family': '`self` or `family`',
  'own-conversation':
    'only conversations the caller started; a guest owns one by holding its server-issued sessionId',
  'family-conversation':
    "the caller's own conversations and those of the children in their families",
};

/** One operation's access rule: the callers allowed (with their scope) and why, when not obvious. */
export interface OperationAccess {
  operationId: string;
  access: Readonly<Partial<Record<Caller, Scope>>>;
  note?: string;
}

type Access = Partial<Record<Caller, Scope>>;

/** Every role (signed in), each with `scope`. */
const signedIn = (scope: Scope = 'any'): Access =>
  Object.fromEntries(roles.map((role) => [role, scope]));
/** Public: anybody, signed in or not. */
const everyone = (scope: Scope = 'any'): Access => ({ ...signedIn(scope), anonymous: scope });
/** Only the listed roles, without ownership limits. */
const only = (...allowed: Role[]): Access =>
  Object.fromEntries(allowed.map((role) => [role, 'any']));

const staff = only('admin', 'zookeeper');
const publicAnimals: Access = {
  ...everyone('public-only'),
  admin: 'any',
  zookeeper: 'any',
  educator: 'any',
};
const userRead: Access = {
  ...signedIn('self'),
  admin: 'any',
  educator: 'any',
  parent: 'self-or-family',
};
const userWrite: Access = { ...signedIn('self'), admin: 'any' };
const conversations: Access = {
  ...signedIn('own-conversation'),
  admin: 'any',
  parent: 'family-conversation',
};
const userContext: Access = { ...signedIn('self'), admin: 'any', parent: 'self-or-family' };
const familyRead: Access = { admin: 'any', educator: 'any', parent: 'family' };

const userListNote = 'Educators search users to build families; parents see their family members.';
const userWriteNote =
  'Only admins may change role, userType or familyIds (PR003946-69); the handler enforces it.';
const guestChatNote = 'Public by decision: guest visitors chat without an account.';
const childDataNote =
  "A parent's `family` here is their children only (students of families they are a parent in), never a co-parent.";
const exportDeleteNote = `${childDataNote} Students and visitors ask a parent or an admin; admins and parents may export or erase their own data too.`;
const conversationNote =
  'Zookeeper review of conversations (§2.2) waits until conversations can be scoped to assigned animals.';

const entry = (operationId: string, access: Access, note?: string): OperationAccess =>
  note === undefined ? { operationId, access } : { operationId, access, note };

/**
 * The access rule of every operation, in the order of the API facts §1.3.
 *
 * @example
 * ```ts
 * roleMatrix.find((rule) => rule.operationId === 'animal_post')?.access; // { admin: 'any', zookeeper: 'any' }
 * ```
 */
export const roleMatrix: readonly OperationAccess[] = [
  entry('root_get', everyone()),
  entry('admin_get', only('admin'), 'Admin dashboard shell.'),
  entry('member_get', signedIn('self'), "The caller's portal shell."),
  entry('authPost', everyone(), 'Sign-in; attempts are rate-limited per email and per address.'),
  entry('authRefreshPost', signedIn('self'), 'Needs the still valid token it renews.'),
  entry('authLogoutPost', signedIn('self'), 'Revokes the presented token; repeating it is a 401.'),
  entry('authResetPasswordPost', everyone(), 'Same answer whether or not the account exists.'),
  entry('me_get', signedIn('self')),
  entry('listUsers', { ...familyRead, educator: 'any' }, userListNote),
  entry('createUser', only('admin')),
  entry('getUser', userRead),
  entry('updateUser', userWrite, userWriteNote),
  entry('deleteUser', only('admin')),
  entry('listUserDetails', { ...familyRead, educator: 'any' }, userListNote),
  entry('createUserDetails', only('admin')),
  entry('getUserDetails', userRead),
  entry('updateUserDetails', userWrite, userWriteNote),
  entry('deleteUserDetails', only('admin')),
  entry('convo_turn_post', everyone('own-conversation'), guestChatNote),
  entry(
    'convo_turn_stream_get',
    everyone('own-conversation'),
    `${guestChatNote} The token may come as \`?token=\` (EventSource cannot send headers).`,
  ),
  entry('convo_history_get', conversations, conversationNote),
  entry('convo_history_delete', conversations, conversationNote),
  entry('conversations_sessions_get', conversations, conversationNote),
  entry('conversations_sessions_session_id_get', conversations, conversationNote),
  entry('summarize_convo_post', conversations),
  entry(
    'animal_list_get',
    publicAnimals,
    'Hidden animals are listed for staff only (PR003946-77).',
  ),
  entry('animal_post', staff),
  entry('animal_get', publicAnimals),
  entry('animal_put', staff),
  entry('animal_delete', staff),
  entry(
    'animal_details_get',
    publicAnimals,
    'Public animal facts; educators also see hidden ones.',
  ),
  entry(
    'animal_config_get',
    staff,
    'The old API also let `member` read it; member is now a visitor, and prompts are staff-only.',
  ),
  entry('animal_config_patch', staff),
  entry('listGuardrails', staff),
  entry('createGuardrail', staff),
  entry('getGuardrail', staff),
  entry('updateGuardrail', staff),
  entry('deleteGuardrail', staff),
  entry('getGuardrailTemplates', staff),
  entry('applyGuardrailTemplate', staff),
  entry('getAnimalEffectiveGuardrails', staff),
  entry('getAnimalSystemPrompt', staff),
  entry('validateContent', staff, 'Calls the paid moderation API: staff tool, not public.'),
  entry('getUserContext', userContext, childDataNote),
  entry('updateUserContext', userContext, `${childDataNote} Personal data is refused.`),
  entry('uploadAnimalDocument', staff),
  entry('listAnimalDocuments', staff),
  entry('deleteAnimalDocument', staff),
  entry('knowledge_article_post', staff),
  entry('knowledge_article_get', staff),
  entry('knowledge_article_delete', staff),
  entry('upload_media_post', staff),
  entry('media_get', everyone(), 'Animal pictures and sounds shown on public pages.'),
  entry('media_delete', staff),
  entry('performance_metrics_get', only('admin')),
  entry('logs_get', only('admin')),
  entry('billing_get', only('admin')),
  entry('safety_metrics_get', only('admin')),
  entry('system_health_get', everyone()),
  entry('chatgptHealthGet', only('admin'), 'Probes the model provider and shows its settings.'),
  entry('feature_flags_get', signedIn()),
  entry('feature_flags_patch', only('admin')),
  entry('listFamilies', familyRead),
  entry('createFamily', only('admin', 'educator')),
  entry('getFamily', familyRead),
  entry('updateFamily', only('admin', 'educator')),
  entry('deleteFamily', only('admin'), 'Educators create and update families; only admins delete.'),
  entry('listAllFamilies', familyRead, 'Same data as `GET /family` (§1.6).'),
  entry('testStressBody', only('admin'), 'A test endpoint: admin only.'),
  entry(
    'privacy_audit_get',
    { admin: 'any', parent: 'family' },
    'Parents see the entries about themselves and their children, and those of their own actions.',
  ),
  entry('privacy_children_get', { admin: 'any', parent: 'self' }),
  entry('privacy_export_post', { admin: 'any', parent: 'self-or-family' }, exportDeleteNote),
  entry('privacy_delete_user', { admin: 'any', parent: 'self-or-family' }, exportDeleteNote),
  entry('context_summary_get', userContext, childDataNote),
  entry('context_summary_post', userContext, childDataNote),
  entry('assistant_create_post', staff),
  entry('assistant_list_get', staff),
  entry('assistant_get', staff),
  entry('assistant_update_put', staff),
  entry('assistant_delete', staff),
  entry('personality_create_post', staff),
  entry('personality_list_get', staff),
  entry('personality_get', staff),
  entry('personality_update_put', staff),
  entry('personality_delete', staff),
  entry('guardrail_create_post', staff),
  entry('guardrail_list_get', staff),
  entry('guardrail_get', staff),
  entry('guardrail_update_put', staff),
  entry('guardrail_delete', staff),
  entry('knowledge_upload_post', staff),
  entry('knowledge_list_get', staff),
  entry('knowledge_file_get', staff),
  entry('knowledge_file_delete', staff),
  entry('sandbox_create_post', staff),
  entry('sandbox_list_get', staff),
  entry('sandbox_get', staff),
  entry('sandbox_delete', staff),
  entry('sandbox_promote_post', staff),
  entry('sandbox_chat_post', staff),
];
