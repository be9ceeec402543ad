/** Hunting rules: Sentinel hunting-query YAML files and the built-in set. */
export { findRules, loadBuiltinRules, loadRuleFile, loadRuleFolder, parseRuleText } from "./load-rules.js";
export { RuleFormatError, RuleNotFoundError, type HuntingRule } from "./rule.js";
export { repairMisindentedItemKeys } from "./rule-yaml.js";
