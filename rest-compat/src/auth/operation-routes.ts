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

// One row per operation: [operationId, method, path, tag], kept on one line each for review.
const rows: readonly (readonly [string, OperationRoute['method'], string, string])[] = [
  ['root_get', 'GET', '/', 'UI'],
  ['admin_get', 'GET', '/admin', 'UI'],
  ['member_get', 'GET', '/member', 'UI'],
  ['authPost', 'POST', '/auth', 'Auth'],
  ['authRefreshPost', 'POST', '/auth/refresh', 'Auth'],
  ['authLogoutPost', 'POST', '/auth/logout', 'Auth'],
  ['authResetPasswordPost', 'POST', '/auth/reset_password', 'Auth'],
  ['me_get', 'GET', '/me', 'Users'],
  ['listUsers', 'GET', '/user', 'Admin'],
  ['createUser', 'POST', '/user', 'Admin'],
  ['getUser', 'GET', '/user/{userId}', 'Admin'],
  ['updateUser', 'PATCH', '/user/{userId}', 'Admin'],
  ['deleteUser', 'DELETE', '/user/{userId}', 'Admin'],
  ['listUserDetails', 'GET', '/user_details', 'Admin'],
  ['createUserDetails', 'POST', '/user_details', 'Admin'],
  ['getUserDetails', 'GET', '/user_details/{userId}', 'Admin'],
  ['updateUserDetails', 'PATCH', '/user_details/{userId}', 'Admin'],
  ['deleteUserDetails', 'DELETE', '/user_details/{userId}', 'Admin'],
  ['convo_turn_post', 'POST', '/convo_turn', 'Conversation'],
  ['convo_turn_stream_get', 'GET', '/convo_turn/stream', 'Conversation'],
  ['convo_history_get', 'GET', '/convo_history', 'Conversation'],
  ['convo_history_delete', 'DELETE', '/convo_history', 'Conversation'],
  ['conversations_sessions_get', 'GET', '/conversations/sessions', 'Conversation'],
  [
    'conversations_sessions_session_id_get',
    'GET',
    '/conversations/sessions/{sessionId}',
    'Conversation',
  ],
  ['summarize_convo_post', 'POST', '/summarize_convo', 'Conversation'],
  ['animal_list_get', 'GET', '/animal_list', 'Animals'],
  ['animal_post', 'POST', '/animal', 'Animals'],
  ['animal_get', 'GET', '/animal/{animalId}', 'Animals'],
  ['animal_put', 'PUT', '/animal/{animalId}', 'Animals'],
  ['animal_delete', 'DELETE', '/animal/{animalId}', 'Animals'],
  ['animal_details_get', 'GET', '/animal_details', 'Animals'],
  ['animal_config_get', 'GET', '/animal_config', 'Animals'],
  ['animal_config_patch', 'PATCH', '/animal_config', 'Animals'],
  ['listGuardrails', 'GET', '/guardrails', 'Guardrails'],
  ['createGuardrail', 'POST', '/guardrails', 'Guardrails'],
  ['getGuardrail', 'GET', '/guardrails/{guardrailId}', 'Guardrails'],
  ['updateGuardrail', 'PATCH', '/guardrails/{guardrailId}', 'Guardrails'],
  ['deleteGuardrail', 'DELETE', '/guardrails/{guardrailId}', 'Guardrails'],
  ['getGuardrailTemplates', 'GET', '/guardrails/templates', 'Guardrails'],
  ['applyGuardrailTemplate', 'POST', '/guardrails/apply-template', 'Guardrails'],
  ['getAnimalEffectiveGuardrails', 'GET', '/animal/{animalId}/guardrails/effective', 'Guardrails'],
  ['getAnimalSystemPrompt', 'GET', '/animal/{animalId}/system-prompt', 'Guardrails'],
  ['validateContent', 'POST', '/api/v1/guardrails/validate', 'Guardrails'],
  ['getUserContext', 'GET', '/api/v1/context/{userId}', 'Context'],
  ['updateUserContext', 'PUT', '/api/v1/context/{userId}', 'Context'],
  ['uploadAnimalDocument', 'POST', '/animal/{animalId}/documents', 'Animal'],
  ['listAnimalDocuments', 'GET', '/animal/{animalId}/documents', 'Animal'],
  ['deleteAnimalDocument', 'DELETE', '/animal/{animalId}/documents/{documentId}', 'Animal'],
  ['knowledge_article_post', 'POST', '/knowledge_article', 'Knowledge'],
  ['knowledge_article_get', 'GET', '/knowledge_article', 'Knowledge'],
  ['knowledge_article_delete', 'DELETE', '/knowledge_article', 'Knowledge'],
  ['upload_media_post', 'POST', '/upload_media', 'Media'],
  ['media_get', 'GET', '/media', 'Media'],
  ['media_delete', 'DELETE', '/media', 'Media'],
  ['performance_metrics_get', 'GET', '/performance_metrics', 'Analytics'],
  ['logs_get', 'GET', '/logs', 'Analytics'],
  ['billing_get', 'GET', '/billing', 'Analytics'],
  ['safety_metrics_get', 'GET', '/api/v1/analytics/safety/metrics', 'Analytics'],
  ['system_health_get', 'GET', '/system_health', 'System'],
  ['chatgptHealthGet', 'GET', '/chatgpt/health', 'System'],
  ['feature_flags_get', 'GET', '/feature_flags', 'System'],
  ['feature_flags_patch', 'PATCH', '/feature_flags', 'System'],
  ['listFamilies', 'GET', '/family', 'Family'],
  ['createFamily', 'POST', '/family', 'Family'],
  ['getFamily', 'GET', '/family/{familyId}', 'Family'],
  ['updateFamily', 'PATCH', '/family/{familyId}', 'Family'],
  ['deleteFamily', 'DELETE', '/family/{familyId}', 'Family'],
  ['listAllFamilies', 'GET', '/family_list', 'Family'],
  ['testStressBody', 'POST', '/test/stress/body', 'test'],
  ['privacy_audit_get', 'GET', '/api/v1/privacy/audit', 'Privacy'],
  ['privacy_children_get', 'GET', '/api/v1/privacy/children/{parentId}', 'Privacy'],
  ['privacy_export_post', 'POST', '/api/v1/privacy/export/{userId}', 'Privacy'],
  ['privacy_delete_user', 'DELETE', '/api/v1/privacy/delete/{userId}', 'Privacy'],
  ['context_summary_get', 'GET', '/api/v1/context/{userId}/summary', 'Context'],
  ['context_summary_post', 'POST', '/api/v1/context/{userId}/summary', 'Context'],
  ['assistant_create_post', 'POST', '/assistant', 'Assistant Management'],
  ['assistant_list_get', 'GET', '/assistant', 'Assistant Management'],
  ['assistant_get', 'GET', '/assistant/{assistantId}', 'Assistant Management'],
  ['assistant_update_put', 'PUT', '/assistant/{assistantId}', 'Assistant Management'],
  ['assistant_delete', 'DELETE', '/assistant/{assistantId}', 'Assistant Management'],
  ['personality_create_post', 'POST', '/personality', 'Personality Management'],
  ['personality_list_get', 'GET', '/personality', 'Personality Management'],
  ['personality_get', 'GET', '/personality/{personalityId}', 'Personality Management'],
  ['personality_update_put', 'PUT', '/personality/{personalityId}', 'Personality Management'],
  ['personality_delete', 'DELETE', '/personality/{personalityId}', 'Personality Management'],
  ['guardrail_create_post', 'POST', '/guardrail', 'Guardrail Management'],
  ['guardrail_list_get', 'GET', '/guardrail', 'Guardrail Management'],
  ['guardrail_get', 'GET', '/guardrail/{guardrailId}', 'Guardrail Management'],
  ['guardrail_update_put', 'PUT', '/guardrail/{guardrailId}', 'Guardrail Management'],
  ['guardrail_delete', 'DELETE', '/guardrail/{guardrailId}', 'Guardrail Management'],
  ['knowledge_upload_post', 'POST', '/assistant/{assistantId}/knowledge', 'Knowledge Base'],
  ['knowledge_list_get', 'GET', '/assistant/{assistantId}/knowledge', 'Knowledge Base'],
  ['knowledge_file_get', 'GET', '/assistant/{assistantId}/knowledge/{fileId}', 'Knowledge Base'],
  [
    'knowledge_file_delete',
    'DELETE',
    '/assistant/{assistantId}/knowledge/{fileId}',
    'Knowledge Base',
  ],
  ['sandbox_create_post', 'POST', '/sandbox', 'Sandbox Testing'],
  ['sandbox_list_get', 'GET', '/sandbox', 'Sandbox Testing'],
  ['sandbox_get', 'GET', '/sandbox/{sandboxId}', 'Sandbox Testing'],
  ['sandbox_delete', 'DELETE', '/sandbox/{sandboxId}', 'Sandbox Testing'],
  ['sandbox_promote_post', 'POST', '/sandbox/{sandboxId}/promote', 'Sandbox Testing'],
  ['sandbox_chat_post', 'POST', '/sandbox/{sandboxId}/chat', 'Sandbox Testing'],
];

/**
 * All 100 operations.
 *
 * @example
 * ```ts
 * operationRoutes.find((route) => route.operationId === 'getUser'); // { method: 'GET', path: '/user/{userId}', … }
 * ```
 */
export const operationRoutes: readonly OperationRoute[] = rows.map(
  ([operationId, method, path, tag]) => ({ operationId, method, path, tag }),
);
