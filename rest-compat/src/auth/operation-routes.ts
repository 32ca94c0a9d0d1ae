/**
 * The 100 operations of the CMZ REST API (API facts §1.3), in the table's order, with the
 * operationId of the source spec where it has one and Connexion's generated one otherwise.
 * `rest-compat/src/spec/expected-operations.ts` carries the same data; to be deduplicated.
 *
 * @module
 */

/** One operation: its id, HTTP method, OpenAPI path and spec tag. */
export interface OperationRoute {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tag: string;
}

/**
 * All 100 operations.
 *
 * @example
 * ```ts
 * operationRoutes.find((route) => route.operationId === 'getUser'); // { method: 'GET', path: '/user/{userId}', … }
 * ```
 */
export const operationRoutes: readonly OperationRoute[] = [
  { operationId: 'root_get', method: 'GET', path: '/', tag: 'UI' },
  { operationId: 'admin_get', method: 'GET', path: '/admin', tag: 'UI' },
  { operationId: 'member_get', method: 'GET', path: '/member', tag: 'UI' },
  { operationId: 'authPost', method: 'POST', path: '/auth', tag: 'Auth' },
  { operationId: 'authRefreshPost', method: 'POST', path: '/auth/refresh', tag: 'Auth' },
  { operationId: 'authLogoutPost', method: 'POST', path: '/auth/logout', tag: 'Auth' },
  {
    operationId: 'authResetPasswordPost',
    method: 'POST',
    path: '/auth/reset_password',
    tag: 'Auth',
  },
  { operationId: 'me_get', method: 'GET', path: '/me', tag: 'Users' },
  { operationId: 'listUsers', method: 'GET', path: '/user', tag: 'Admin' },
  { operationId: 'createUser', method: 'POST', path: '/user', tag: 'Admin' },
  { operationId: 'getUser', method: 'GET', path: '/user/{userId}', tag: 'Admin' },
  { operationId: 'updateUser', method: 'PATCH', path: '/user/{userId}', tag: 'Admin' },
  { operationId: 'deleteUser', method: 'DELETE', path: '/user/{userId}', tag: 'Admin' },
  { operationId: 'listUserDetails', method: 'GET', path: '/user_details', tag: 'Admin' },
  { operationId: 'createUserDetails', method: 'POST', path: '/user_details', tag: 'Admin' },
  { operationId: 'getUserDetails', method: 'GET', path: '/user_details/{userId}', tag: 'Admin' },
  {
    operationId: 'updateUserDetails',
    method: 'PATCH',
    path: '/user_details/{userId}',
    tag: 'Admin',
  },
  {
    operationId: 'deleteUserDetails',
    method: 'DELETE',
    path: '/user_details/{userId}',
    tag: 'Admin',
  },
  { operationId: 'convo_turn_post', method: 'POST', path: '/convo_turn', tag: 'Conversation' },
  {
    operationId: 'convo_turn_stream_get',
    method: 'GET',
    path: '/convo_turn/stream',
    tag: 'Conversation',
  },
  { operationId: 'convo_history_get', method: 'GET', path: '/convo_history', tag: 'Conversation' },
  {
    operationId: 'convo_history_delete',
    method: 'DELETE',
    path: '/convo_history',
    tag: 'Conversation',
  },
  {
    operationId: 'conversations_sessions_get',
    method: 'GET',
    path: '/conversations/sessions',
    tag: 'Conversation',
  },
  {
    operationId: 'conversations_sessions_session_id_get',
    method: 'GET',
    path: '/conversations/sessions/{sessionId}',
    tag: 'Conversation',
  },
  {
    operationId: 'summarize_convo_post',
    method: 'POST',
    path: '/summarize_convo',
    tag: 'Conversation',
  },
  { operationId: 'animal_list_get', method: 'GET', path: '/animal_list', tag: 'Animals' },
  { operationId: 'animal_post', method: 'POST', path: '/animal', tag: 'Animals' },
  { operationId: 'animal_get', method: 'GET', path: '/animal/{animalId}', tag: 'Animals' },
  { operationId: 'animal_put', method: 'PUT', path: '/animal/{animalId}', tag: 'Animals' },
  { operationId: 'animal_delete', method: 'DELETE', path: '/animal/{animalId}', tag: 'Animals' },
  { operationId: 'animal_details_get', method: 'GET', path: '/animal_details', tag: 'Animals' },
  { operationId: 'animal_config_get', method: 'GET', path: '/animal_config', tag: 'Animals' },
  { operationId: 'animal_config_patch', method: 'PATCH', path: '/animal_config', tag: 'Animals' },
  { operationId: 'listGuardrails', method: 'GET', path: '/guardrails', tag: 'Guardrails' },
  { operationId: 'createGuardrail', method: 'POST', path: '/guardrails', tag: 'Guardrails' },
  {
    operationId: 'getGuardrail',
    method: 'GET',
    path: '/guardrails/{guardrailId}',
    tag: 'Guardrails',
  },
  {
    operationId: 'updateGuardrail',
    method: 'PATCH',
    path: '/guardrails/{guardrailId}',
    tag: 'Guardrails',
  },
  {
    operationId: 'deleteGuardrail',
    method: 'DELETE',
    path: '/guardrails/{guardrailId}',
    tag: 'Guardrails',
  },
  {
    operationId: 'getGuardrailTemplates',
    method: 'GET',
    path: '/guardrails/templates',
    tag: 'Guardrails',
  },
  {
    operationId: 'applyGuardrailTemplate',
    method: 'POST',
    path: '/guardrails/apply-template',
    tag: 'Guardrails',
  },
  {
    operationId: 'getAnimalEffectiveGuardrails',
    method: 'GET',
    path: '/animal/{animalId}/guardrails/effective',
    tag: 'Guardrails',
  },
  {
    operationId: 'getAnimalSystemPrompt',
    method: 'GET',
    path: '/animal/{animalId}/system-prompt',
    tag: 'Guardrails',
  },
  {
    operationId: 'validateContent',
    method: 'POST',
    path: '/api/v1/guardrails/validate',
    tag: 'Guardrails',
  },
  {
    operationId: 'getUserContext',
    method: 'GET',
    path: '/api/v1/context/{userId}',
    tag: 'Context',
  },
  {
    operationId: 'updateUserContext',
    method: 'PUT',
    path: '/api/v1/context/{userId}',
    tag: 'Context',
  },
  {
    operationId: 'uploadAnimalDocument',
    method: 'POST',
    path: '/animal/{animalId}/documents',
    tag: 'Animal',
  },
  {
    operationId: 'listAnimalDocuments',
    method: 'GET',
    path: '/animal/{animalId}/documents',
    tag: 'Animal',
  },
  {
    operationId: 'deleteAnimalDocument',
    method: 'DELETE',
    path: '/animal/{animalId}/documents/{documentId}',
    tag: 'Animal',
  },
  {
    operationId: 'knowledge_article_post',
    method: 'POST',
    path: '/knowledge_article',
    tag: 'Knowledge',
  },
  {
    operationId: 'knowledge_article_get',
    method: 'GET',
    path: '/knowledge_article',
    tag: 'Knowledge',
  },
  {
    operationId: 'knowledge_article_delete',
    method: 'DELETE',
    path: '/knowledge_article',
    tag: 'Knowledge',
  },
  { operationId: 'upload_media_post', method: 'POST', path: '/upload_media', tag: 'Media' },
  { operationId: 'media_get', method: 'GET', path: '/media', tag: 'Media' },
  { operationId: 'media_delete', method: 'DELETE', path: '/media', tag: 'Media' },
  {
    operationId: 'performance_metrics_get',
    method: 'GET',
    path: '/performance_metrics',
    tag: 'Analytics',
  },
  { operationId: 'logs_get', method: 'GET', path: '/logs', tag: 'Analytics' },
  { operationId: 'billing_get', method: 'GET', path: '/billing', tag: 'Analytics' },
  {
    operationId: 'safety_metrics_get',
    method: 'GET',
    path: '/api/v1/analytics/safety/metrics',
    tag: 'Analytics',
  },
  { operationId: 'system_health_get', method: 'GET', path: '/system_health', tag: 'System' },
  { operationId: 'chatgptHealthGet', method: 'GET', path: '/chatgpt/health', tag: 'System' },
  { operationId: 'feature_flags_get', method: 'GET', path: '/feature_flags', tag: 'System' },
  { operationId: 'feature_flags_patch', method: 'PATCH', path: '/feature_flags', tag: 'System' },
  { operationId: 'listFamilies', method: 'GET', path: '/family', tag: 'Family' },
  { operationId: 'createFamily', method: 'POST', path: '/family', tag: 'Family' },
  { operationId: 'getFamily', method: 'GET', path: '/family/{familyId}', tag: 'Family' },
  { operationId: 'updateFamily', method: 'PATCH', path: '/family/{familyId}', tag: 'Family' },
  { operationId: 'deleteFamily', method: 'DELETE', path: '/family/{familyId}', tag: 'Family' },
  { operationId: 'listAllFamilies', method: 'GET', path: '/family_list', tag: 'Family' },
  { operationId: 'testStressBody', method: 'POST', path: '/test/stress/body', tag: 'test' },
  {
    operationId: 'privacy_audit_get',
    method: 'GET',
    path: '/api/v1/privacy/audit',
    tag: 'Privacy',
  },
  {
    operationId: 'privacy_children_get',
    method: 'GET',
    path: '/api/v1/privacy/children/{parentId}',
    tag: 'Privacy',
  },
  {
    operationId: 'privacy_export_post',
    method: 'POST',
    path: '/api/v1/privacy/export/{userId}',
    tag: 'Privacy',
  },
  {
    operationId: 'privacy_delete_user',
    method: 'DELETE',
    path: '/api/v1/privacy/delete/{userId}',
    tag: 'Privacy',
  },
  {
    operationId: 'context_summary_get',
    method: 'GET',
    path: '/api/v1/context/{userId}/summary',
    tag: 'Context',
  },
  {
    operationId: 'context_summary_post',
    method: 'POST',
    path: '/api/v1/context/{userId}/summary',
    tag: 'Context',
  },
  {
    operationId: 'assistant_create_post',
    method: 'POST',
    path: '/assistant',
    tag: 'Assistant Management',
  },
  {
    operationId: 'assistant_list_get',
    method: 'GET',
    path: '/assistant',
    tag: 'Assistant Management',
  },
  {
    operationId: 'assistant_get',
    method: 'GET',
    path: '/assistant/{assistantId}',
    tag: 'Assistant Management',
  },
  {
    operationId: 'assistant_update_put',
    method: 'PUT',
    path: '/assistant/{assistantId}',
    tag: 'Assistant Management',
  },
  {
    operationId: 'assistant_delete',
    method: 'DELETE',
    path: '/assistant/{assistantId}',
    tag: 'Assistant Management',
  },
  {
    operationId: 'personality_create_post',
    method: 'POST',
    path: '/personality',
    tag: 'Personality Management',
  },
  {
    operationId: 'personality_list_get',
    method: 'GET',
    path: '/personality',
    tag: 'Personality Management',
  },
  {
    operationId: 'personality_get',
    method: 'GET',
    path: '/personality/{personalityId}',
    tag: 'Personality Management',
  },
  {
    operationId: 'personality_update_put',
    method: 'PUT',
    path: '/personality/{personalityId}',
    tag: 'Personality Management',
  },
  {
    operationId: 'personality_delete',
    method: 'DELETE',
    path: '/personality/{personalityId}',
    tag: 'Personality Management',
  },
  {
    operationId: 'guardrail_create_post',
    method: 'POST',
    path: '/guardrail',
    tag: 'Guardrail Management',
  },
  {
    operationId: 'guardrail_list_get',
    method: 'GET',
    path: '/guardrail',
    tag: 'Guardrail Management',
  },
  {
    operationId: 'guardrail_get',
    method: 'GET',
    path: '/guardrail/{guardrailId}',
    tag: 'Guardrail Management',
  },
  {
    operationId: 'guardrail_update_put',
    method: 'PUT',
    path: '/guardrail/{guardrailId}',
    tag: 'Guardrail Management',
  },
  {
    operationId: 'guardrail_delete',
    method: 'DELETE',
    path: '/guardrail/{guardrailId}',
    tag: 'Guardrail Management',
  },
  {
    operationId: 'knowledge_upload_post',
    method: 'POST',
    path: '/assistant/{assistantId}/knowledge',
    tag: 'Knowledge Base',
  },
  {
    operationId: 'knowledge_list_get',
    method: 'GET',
    path: '/assistant/{assistantId}/knowledge',
    tag: 'Knowledge Base',
  },
  {
    operationId: 'knowledge_file_get',
    method: 'GET',
    path: '/assistant/{assistantId}/knowledge/{fileId}',
    tag: 'Knowledge Base',
  },
  {
    operationId: 'knowledge_file_delete',
    method: 'DELETE',
    path: '/assistant/{assistantId}/knowledge/{fileId}',
    tag: 'Knowledge Base',
  },
  { operationId: 'sandbox_create_post', method: 'POST', path: '/sandbox', tag: 'Sandbox Testing' },
  { operationId: 'sandbox_list_get', method: 'GET', path: '/sandbox', tag: 'Sandbox Testing' },
  {
    operationId: 'sandbox_get',
    method: 'GET',
    path: '/sandbox/{sandboxId}',
    tag: 'Sandbox Testing',
  },
  {
    operationId: 'sandbox_delete',
    method: 'DELETE',
    path: '/sandbox/{sandboxId}',
    tag: 'Sandbox Testing',
  },
  {
    operationId: 'sandbox_promote_post',
    method: 'POST',
    path: '/sandbox/{sandboxId}/promote',
    tag: 'Sandbox Testing',
  },
  {
    operationId: 'sandbox_chat_post',
    method: 'POST',
    path: '/sandbox/{sandboxId}/chat',
    tag: 'Sandbox Testing',
  },
];
