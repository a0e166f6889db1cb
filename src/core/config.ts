// The configuration module, used by the command line and by experiment files alike: the schema,
// the defaults, validation, and problems described with the key, where the value came from, the
// value, what was expected and a suggestion. Pure: reading files is src/runtime/configFile.ts's,
// flags are src/cli/config's. The parts live in src/core/config/; this file is their front door.
// (Code that must not load zod, such as --help, imports src/core/config/defaults.ts directly.)
export { type CheckedConfig, checkConfig } from "./config/checkConfig.ts";
export { crossKeyConflicts, crossKeyProblems } from "./config/crossKey.ts";
export { CONFIG_DEFAULTS } from "./config/defaults.ts";
export { describeProblem, describeValue, type PlaceOf } from "./config/describeProblem.ts";
export { describeSchema, expectedValue } from "./config/expectedValue.ts";
export {
  type ConfigPath,
  displayPath,
  findUnsafeKeys,
  getPath,
  isMapping,
  isPathPrefix,
  parseKeyPath,
  setPath,
  UNSAFE_KEYS,
} from "./config/keyPath.ts";
export { editDistance, nearestKey } from "./config/nearestKey.ts";
export { type ConfigProblem, problemsFromIssues } from "./config/problems.ts";
export { type ClocklabConfig, type ConfigInput, configSchema } from "./config/schema.ts";
export { keysAt, schemaAt } from "./config/schemaWalk.ts";
export { isSecretPath } from "./config/secretKeys.ts";
export {
  BUILT_IN_DEFAULTS,
  type ConfigOrigins,
  originOf,
  placeInConfig,
  validateConfig,
} from "./config/validateConfig.ts";
export { valueFromText, valueOfType } from "./config/valueFromText.ts";
