/**
 * Simplified Chinese moderation terms, matched as substrings (Chinese has no spaces between
 * words). Single characters that are also ordinary words stay out: "操" (体操, gymnastics), "死"
 * (animals die), "杀" (杀死猎物, kill prey), "毒" (venomous animals), "妈的" (妈妈的, mum's).
 *
 * @module
 */
import type { TermsByCategory } from './moderation-rules.ts';

/**
 * Innocent phrases that contain a term; they are blanked out before matching. "想死你了" means
 * "I miss you so much", "麻雀" is a sparrow (大麻雀), "大麻哈鱼" is the chum salmon.
 */
export const CHINESE_SAFE_PHRASES: readonly string[] = ['想死你', '麻雀', '大麻哈鱼'];

/** Chinese terms by category. */
export const CHINESE_TERMS: TermsByCategory = {
  profanity: [
    '他妈的',
    '你妈的',
    '去你妈',
    '操你',
    '肏',
    '草泥马',
    '傻逼',
    '傻屄',
    '煞笔',
    '妈逼',
    '王八蛋',
    '狗日的',
    '混蛋',
    '贱人',
    '婊子',
    '屌',
    '鸡巴',
  ],
  sexual: ['色情', '做爱', '性交', '裸照', '黄片', '强奸', '自慰', '口交', '约炮', '恋童'],
  'violence-graphic': [
    '杀了你',
    '杀死你',
    '弄死你',
    '砍死你',
    '捅死你',
    '打死你',
    '杀了他',
    '杀了她',
    '你去死',
    '去死吧',
    '斩首',
    '肢解',
    '校园枪击',
    '做炸弹',
    '造炸弹',
  ],
  hate: ['黑鬼', '支那', '基佬', '弱智', '智障', '残废'],
  'self-harm': [
    '我想死',
    '想自杀',
    '自杀',
    '不想活',
    '活不下去',
    '我要去死',
    '我想去死',
    '割腕',
    '结束自己的生命',
    '结束我的生命',
    '伤害自己',
    '自残',
    '轻生',
    '跳楼',
  ],
  'personal-info-request': [
    '你住在哪',
    '你家在哪',
    '你的地址',
    '你家地址',
    '你的电话',
    '你的手机号',
    '你的全名',
    '你姓什么',
    '你在哪个学校',
    '你在哪所学校',
    '发照片给我',
    '你的密码',
  ],
  drugs: ['毒品', '吸毒', '冰毒', '海洛因', '可卡因', '大麻', '摇头丸', '电子烟'],
};
